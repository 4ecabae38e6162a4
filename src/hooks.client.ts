import { z } from 'zod';

// Zod probes for eval (`new Function`) to compile fast parsers; the CSP forbids eval, so the probe would be reported
// as a violation on every page. The browser only parses small forms: the plain parser is quick enough.
z.config({ jitless: true });
