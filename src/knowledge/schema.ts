import { z } from 'zod';
import { CLIENTS, PROTOCOLS } from '../domain';
import { parseNetwork } from '../lib/ip-network';

/** A text given in both languages; `kb:lint` and the loader insist on both. */
const bilingual = z.object({ fr: z.string().min(1), en: z.string().min(1) }).strict();

/** How a connection is secured: implicit TLS from the first byte, upgraded with STARTTLS, or not at all. */
export const SECURITY = ['ssl', 'starttls', 'none'] as const;
export type Security = (typeof SECURITY)[number];

/** `password-cleartext`: the normal password, protected by TLS. `password-encrypted`: CRAM-MD5 and the like. */
export const AUTH_METHODS = ['password-cleartext', 'password-encrypted', 'none'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

const hostTemplate = z
  .string()
  .regex(/^[a-z0-9.{}-]+$/i, 'a host name, where {domain} stands for the customer\'s domain (e.g. "mail.{domain}")');

const service = z
  .object({
    protocol: z.enum(PROTOCOLS),
    host: hostTemplate,
    port: z.number().int().min(1).max(65535),
    security: z.enum(SECURITY),
    authentication: z.enum(AUTH_METHODS),
    /** Extra services (e.g. 587 with STARTTLS) are mentioned as alternatives, never as the main setting. */
    alternative: z.boolean().default(false),
  })
  .strict();

const network = z.string().refine((value) => {
  try {
    parseNetwork(value);
    return true;
  } catch {
    return false;
  }
}, 'a network in CIDR form ("192.0.2.0/24", "2001:db8::/32") or one IP address');

/** What the domain check needs to recognise the provider's own mail servers, besides the host template. */
const diagnostics = z
  .object({
    /** MX host names under these suffixes are the provider's ("mx.example-hosting.net" → "example-hosting.net"). */
    mxHostSuffixes: z.array(z.string().regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a host-name suffix such as "example-hosting.net"')).default([]),
    /** MX hosts whose addresses fall inside these networks are the provider's. */
    networks: z.array(network).default([]),
  })
  .strict();

export const knowledgeBaseSchema = z
  .object({
    provider: z
      .object({
        name: z.string().min(1),
        helpUrl: z.url(),
        support: z
          .object({
            email: z.email().optional(),
            url: z.url().optional(),
            phone: z.string().min(3).optional(),
            hours: bilingual.optional(),
          })
          .strict()
          .refine((s) => s.email || s.url || s.phone, 'give at least one of email, url or phone'),
        /** Who to call when someone writes in distress (a helpline, an emergency number), per language. */
        emergency: bilingual.optional(),
      })
      .strict(),
    /** Shown when the user has not given an address yet. */
    placeholders: z
      .object({ domain: bilingual, email: bilingual })
      .strict(),
    /** What the mail username is: the full address (the usual case) or the part before the @. */
    username: z.enum(['full_email', 'local_part']),
    /** Does the server accept the encrypted-password methods some clients offer (CRAM-MD5)? */
    encryptedPasswordSupported: z.boolean(),
    services: z.array(service).min(1),
    /** Address domains of other mail providers: their users are told these settings are not theirs. */
    foreignDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).default([]),
    /** Extra operator notes per client, shown under that client's guide. `kb:lint` checks them against the settings. */
    clientNotes: z.partialRecord(z.enum(CLIENTS), bilingual).default({}),
    /** Where the provider's own pages explain a client (shown as links under the guide). */
    clientLinks: z.partialRecord(z.enum(CLIENTS), z.url()).default({}),
    /** Optional: how the domain check recognises the provider's MX servers. */
    diagnostics: diagnostics.optional(),
  })
  .strict();

export type KnowledgeBaseFile = z.infer<typeof knowledgeBaseSchema>;
export type ServiceDefinition = z.infer<typeof service>;
