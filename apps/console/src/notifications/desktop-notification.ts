/** The browser's Notification API, used only once the operator granted it (a button asks). */
export const desktopNotificationsSupported = () => typeof Notification !== 'undefined';

export function showDesktopNotification(title: string, body: string): void {
  if (!desktopNotificationsSupported() || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag: `parley-${title}` });
  } catch {
    // Some browsers only allow notifications from a service worker; the in-app toast already said it.
  }
}
