const MB = 1024 * 1024;

/** "64 KB", "5 MB": a body limit as people read it. */
export const bodyLimitText = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${Math.round(bytes / 1024)} KB`);
