import { useState } from 'react';
import { desktopNotificationsSupported } from './desktop-notification.ts';

/** Browsers only ask for notification permission in answer to a click. */
export function NotificationPermissionButton() {
  const [permission, setPermission] = useState(() => (desktopNotificationsSupported() ? Notification.permission : 'denied'));
  if (!desktopNotificationsSupported() || permission === 'granted') return null;
  if (permission === 'denied') return <span className="muted">Desktop notifications blocked</span>;
  return (
    <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Enable desktop notifications
    </button>
  );
}
