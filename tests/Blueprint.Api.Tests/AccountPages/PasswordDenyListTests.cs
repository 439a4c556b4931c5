using Blueprint.Api.Accounts;
using Blueprint.Data.Geography;

namespace Blueprint.Api.Tests.AccountPages;

/// <summary>The deny-list rule itself, over the shipped data/passwords/common.txt.</summary>
public sealed class PasswordDenyListTests
{
    private static readonly PasswordDenyList Shipped = PasswordDenyList.Load(Path.Combine(DataFiles.DefaultRoot(), PasswordDenyList.File));

    [Theory]
    [InlineData("password1234")]
    [InlineData("P@ssw0rd2024!")]
    [InlineData("Password Password")]
    [InlineData("123456789012")]
    [InlineData("987654321098")]
    [InlineData("abcdefghijkl")]
    [InlineData("qwertyuiop12")]
    [InlineData("QWERTY123456")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("asdfghjkl;'#")]
    [InlineData("zzzzzzzzzzzz")]
    [InlineData("abcabcabcabc")]
    [InlineData("iloveyou2024")]
    [InlineData("Cymru1234567")]
    [InlineData("Dr@g0n!Dr@g0n!")]
    [InlineData("letmein letmein")]
    [InlineData("!@#$%^&*()12")]
    public void Common_passwords_sequences_repeats_and_keyboard_walks_are_refused(string password) =>
        Assert.True(Shipped.IsCommon(password), password);

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("purple tractor in the larder")]
    [InlineData("password is not my whole secret")]
    [InlineData("k7#Vq9!zLm2@")]
    [InlineData("Llanfair cheese trumpet")]
    public void Passwords_with_something_of_their_own_are_accepted(string password) =>
        Assert.False(Shipped.IsCommon(password), password);

    [Theory]
    [InlineData("my blueprint account", "blueprint", true)]
    [InlineData("BLUE-PRINT for ever and ever", "blueprint", true)]
    [InlineData("my b1uepr1nt account", "blueprint", true)]
    [InlineData("sian.evans is me and nobody else", "sian.evans", true)]
    [InlineData("SianEvans is me and nobody else", "sian.evans", true)]
    [InlineData("a quiet walk by the sea", "sian.evans", false)]
    [InlineData("jo is a short name", "jo", false)]
    public void Containing_a_name_ignores_case_separators_and_look_alikes(string password, string name, bool expected) =>
        Assert.Equal(expected, PasswordDenyList.Contains(password, name));

    [Fact]
    public void The_shipped_list_loads_and_a_malformed_entry_names_its_line()
    {
        Assert.True(Shipped.Count > 100);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# a comment", "letmein", "abc"]);
            var error = Assert.Throws<InvalidDataException>(() => DataFiles.Load("Data:Root", path, PasswordDenyList.Load));
            Assert.Contains("line 3", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
