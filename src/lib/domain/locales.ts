import { z } from 'zod';

/** L2: the languages of the interface; every sentence exists in each (messages/{locale}.json). */
export const INTERFACE_LOCALES = ['en', 'fr', 'nl'] as const;
export type InterfaceLocale = (typeof INTERFACE_LOCALES)[number];
export const interfaceLocaleSchema = z.enum(INTERFACE_LOCALES, { error: 'validation_invalid' });
