/// <reference types="astro/client" />

// Starlight's virtual module with the Pagefind options, imported by our Search override.
declare module 'virtual:starlight/pagefind-config' {
  export const pagefindUserConfig: Record<string, unknown>;
}
