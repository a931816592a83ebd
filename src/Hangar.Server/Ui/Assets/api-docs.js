// Runs on the API docs page (/api/docs) before Scalar's bundle. The bundle's schema library (Zod) probes whether it
// may compile code with Function(), which the page's Content-Security-Policy forbids (no 'unsafe-eval'); told to run
// without compiling, it does not probe, and the page works the same.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
