using Coder.Double.Control;
using Coder.Double.Infrastructure;

namespace Coder.Double.Model;

/// <summary>coderd's template schedule store, as the workspace endpoints and the provisioner read it.</summary>
internal static class TemplateSchedules
{
    /// <summary>What users may set themselves: always everything without advanced template scheduling (the AGPL store),
    /// else the template's settings (allowed autostart days: bit 0 Monday … 6 Sunday).</summary>
    public static (bool Autostart, bool Autostop, int AllowedDays) UserSettings(TemplateRow template, LicenseSettings license) =>
        license.IsEnabled("advanced_template_scheduling")
            ? (template.AllowUserAutostart, template.AllowUserAutostop, template.AutostartAllowedDays)
            : (true, true, 0b0111_1111);

    /// <summary>schedule.NextAllowedAutostart after now, as the database stores it (microseconds); null when the
    /// schedule never fires on an allowed day.</summary>
    public static DateTimeOffset? NextStart(string schedule, TemplateRow template, LicenseSettings license, DateTimeOffset now)
    {
        var (parsed, _) = WeeklySchedule.Parse(schedule);
        var next = parsed?.NextAllowed(now, UserSettings(template, license).AllowedDays);
        return next is { } at ? new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero) : null;
    }
}
