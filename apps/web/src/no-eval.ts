import { z } from "zod";

// The page's Content-Security-Policy allows no eval. zod would compile its parsers with `new Function`, and
// even its probe for whether it may is reported as a violation when the CSP blocks it: parse without either.
// Imported first by main.tsx, before any schema parses.
z.config({ jitless: true });
