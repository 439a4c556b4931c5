using System.Text;
using Blueprint.Api.Mail;

namespace Blueprint.Api.Listings;

/// <summary>
/// The reminder text: Welsh first, then English, in one message (decision 0017: the organisation has no
/// language preference on record, and a Welsh public body's bilingual correspondence puts Welsh first).
/// </summary>
internal static class ReminderMessage
{
    private static readonly string[] MonthsCy = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"];
    private static readonly string[] MonthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Cy(DateOnly d) => $"{d.Day} {MonthsCy[d.Month - 1]} {d.Year}";
    public static string En(DateOnly d) => $"{d.Day} {MonthsEn[d.Month - 1]} {d.Year}";

    public static MailMessageText Compose(Reminders.Recipient organisation, IReadOnlyList<(Reminders.DueListing Listing, string Link)> listings,
        Staleness staleness, DateOnly linksExpire)
    {
        var days = staleness.Options.StaleAfterDays;
        var hides = staleness.HidesOverdue;
        var text = new StringBuilder();
        text.AppendLine("[Cymraeg]").AppendLine();
        text.AppendLine($"Annwyl {organisation.NameCy ?? organisation.Name},").AppendLine();
        text.AppendLine($"Nid yw'r rhestrau isod yng nghyfeiriadur ymyriadau Glasbrint wedi'u dilysu ers dros {days} diwrnod.");
        text.AppendLine("Os ydyn nhw'n dal yn gywir, dilynwch y ddolen o dan bob un i gadarnhau hynny. Os oes angen newid rhywbeth, diweddarwch y rhestr.").AppendLine();
        foreach (var (listing, link) in listings)
        {
            text.AppendLine($"- {listing.NameCy ?? listing.Name} (dilyswyd ddiwethaf {Cy(listing.LastVerified)})");
            text.AppendLine($"  Yn dal yn gywir: {link}");
        }
        text.AppendLine().AppendLine($"Mae'r dolenni'n gweithio unwaith, tan {Cy(linksExpire)}.");
        if (hides)
        {
            text.AppendLine($"Bydd rhestr sydd heb ei dilysu am {days + staleness.Options.HideAfterOverdueDays} diwrnod yn cael ei chuddio o'r chwiliad cyhoeddus nes iddi gael ei dilysu.");
        }
        text.AppendLine().AppendLine("[English]").AppendLine();
        text.AppendLine($"Dear {organisation.Name},").AppendLine();
        text.AppendLine($"The listings below in the Blueprint interventions directory have not been verified for more than {days} days.");
        text.AppendLine("If they are still accurate, follow the link under each one to confirm it. If something has changed, update the listing.").AppendLine();
        foreach (var (listing, link) in listings)
        {
            text.AppendLine($"- {listing.Name} (last verified {En(listing.LastVerified)})");
            text.AppendLine($"  Still accurate: {link}");
        }
        text.AppendLine().AppendLine($"Each link works once, until {En(linksExpire)}.");
        if (hides)
        {
            text.AppendLine($"A listing not verified for {days + staleness.Options.HideAfterOverdueDays} days is hidden from public search until it is verified.");
        }
        return new MailMessageText("", "Ydy'ch rhestrau'n dal yn gywir? / Are your listings still accurate?", text.ToString());
    }
}
