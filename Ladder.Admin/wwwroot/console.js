// What the console asks of the viewer's browser once per circuit: its time zone and whether it prefers dark.
export function viewer() {
    return {
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        prefersDark: window.matchMedia('(prefers-color-scheme: dark)').matches,
    };
}
