using System.Text;
using Blueprint.Api.Mail;

namespace Blueprint.Api.Listings;

/// <summary>
/// The reminder text. To the organisation's own address: Welsh first, then English, in one message (decision
/// 0017: the organisation has no language preference on record, and a Welsh public body's bilingual
/// correspondence puts Welsh first). To one of its people: in that person's own language only.
/// </summary>
internal static class ReminderMessage
{
    private static readonly string[] MonthsCy = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"];
    private static readonly string[] MonthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Cy(DateOnly d) => $"{d.Day} {MonthsCy[d.Month - 1]} {d.Year}";
    public static string En(DateOnly d) => $"{d.Day} {MonthsEn[d.Month - 1]} {d.Year}";

    /// <param name="language"><c>cy</c> or <c>en</c> for a person's own language; null for both, Welsh first.</param>
    public static MailMessageText Compose(Reminders.Recipient organisation, IReadOnlyList<(Reminders.DueListing Listing, string Link)> listings,
        Staleness staleness, DateOnly linksExpire, string? language = null)
    {
        var text = new StringBuilder();
        switch (language)
        {
            case "cy":
                Welsh(text, organisation, listings, staleness, linksExpire);
                return new MailMessageText("", "Ydy'ch rhestrau'n dal yn gywir?", text.ToString());
            case "en":
                English(text, organisation, listings, staleness, linksExpire);
                return new MailMessageText("", "Are your listings still accurate?", text.ToString());
            default:
                text.AppendLine("[Cymraeg]").AppendLine();
                Welsh(text, organisation, listings, staleness, linksExpire);
                text.AppendLine().AppendLine("[English]").AppendLine();
                English(text, organisation, listings, staleness, linksExpire);
                return new MailMessageText("", "Ydy'ch rhestrau'n dal yn gywir? / Are your listings still accurate?", text.ToString());
        }
    }

    private static void Welsh(StringBuilder text, Reminders.Recipient organisation, IReadOnlyList<(Reminders.DueListing Listing, string Link)> listings,
        Staleness staleness, DateOnly linksExpire)
    {
        var days = staleness.Options.StaleAfterDays;
        text.AppendLine($"Annwyl {organisation.NameCy ?? organisation.Name},").AppendLine();
        text.AppendLine($"Nid yw'r rhestrau isod yng nghyfeiriadur ymyriadau Glasbrint wedi'u dilysu ers dros {days} diwrnod.");
        text.AppendLine("Os ydyn nhw'n dal yn gywir, dilynwch y ddolen o dan bob un i gadarnhau hynny. Os oes angen newid rhywbeth, diweddarwch y rhestr.").AppendLine();
        foreach (var (listing, link) in listings)
        {
            text.AppendLine($"- {listing.NameCy ?? listing.Name} (dilyswyd ddiwethaf {Cy(listing.LastVerified)})");
            text.AppendLine($"  Yn dal yn gywir: {link}");
        }
        text.AppendLine().AppendLine($"Mae'r dolenni'n gweithio unwaith, tan {Cy(linksExpire)}.");
        if (staleness.HidesOverdue)
        {
            text.AppendLine($"Bydd rhestr sydd heb ei dilysu am {days + staleness.Options.HideAfterOverdueDays} diwrnod yn cael ei chuddio o'r chwiliad cyhoeddus nes iddi gael ei dilysu.");
        }
    }

    private static void English(StringBuilder text, Reminders.Recipient organisation, IReadOnlyList<(Reminders.DueListing Listing, string Link)> listings,
        Staleness staleness, DateOnly linksExpire)
    {
        var days = staleness.Options.StaleAfterDays;
        text.AppendLine($"Dear {organisation.Name},").AppendLine();
        text.AppendLine($"The listings below in the Blueprint interventions directory have not been verified for more than {days} days.");
        text.AppendLine("If they are still accurate, follow the link under each one to confirm it. If something has changed, update the listing.").AppendLine();
        foreach (var (listing, link) in listings)
        {
            text.AppendLine($"- {listing.Name} (last verified {En(listing.LastVerified)})");
            text.AppendLine($"  Still accurate: {link}");
        }
        text.AppendLine().AppendLine($"Each link works once, until {En(linksExpire)}.");
        if (staleness.HidesOverdue)
        {
            text.AppendLine($"A listing not verified for {days + staleness.Options.HideAfterOverdueDays} days is hidden from public search until it is verified.");
        }
    }
}
