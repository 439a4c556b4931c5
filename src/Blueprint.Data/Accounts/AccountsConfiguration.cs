using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Accounts;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("People");
        b.Property(p => p.DisplayName).HasMaxLength(200);
        b.Property(p => p.Language).HasMaxLength(2);
        b.Property(p => p.Role).HasMaxLength(20);
        b.HasMany(p => p.Memberships).WithOne(m => m.Person).HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("Memberships");
        b.HasKey(m => new { m.PersonId, m.OrganisationId });
        b.HasOne(m => m.Organisation).WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonalTokenConfiguration : IEntityTypeConfiguration<PersonalToken>
{
    public void Configure(EntityTypeBuilder<PersonalToken> b)
    {
        b.ToTable("PersonalTokens");
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Scope).HasMaxLength(10);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasOne(t => t.Person).WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("Invitations");
        b.Property(i => i.Email).HasMaxLength(256);
        b.Property(i => i.Role).HasMaxLength(20);
        b.Property(i => i.Language).HasMaxLength(2);
        b.Property(i => i.Hash).HasMaxLength(64);
        b.HasIndex(i => i.Hash).IsUnique();
    }
}

/// <summary>Identity's own tables, named for this product (authenticator keys and recovery codes live in PersonSecrets).</summary>
internal sealed class IdentityTablesConfiguration :
    IEntityTypeConfiguration<IdentityUserClaim<int>>, IEntityTypeConfiguration<IdentityUserLogin<int>>, IEntityTypeConfiguration<IdentityUserToken<int>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<int>> b) => b.ToTable("PersonClaims");
    public void Configure(EntityTypeBuilder<IdentityUserLogin<int>> b) => b.ToTable("PersonLogins");
    public void Configure(EntityTypeBuilder<IdentityUserToken<int>> b) => b.ToTable("PersonSecrets");
}
