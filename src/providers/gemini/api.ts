export const GEMINI_HOSTS = ['generativelanguage.googleapis.com'] as const;
