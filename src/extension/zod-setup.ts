// Imported first by the extension and the webview script: turns off zod's JIT before any schema is built. Its
// eval probe reads `navigator`, which VS Code's extension host reports as an error, and a strict webview CSP
// reports `new Function` as a violation. The schemas parse small settings objects and messages; speed is moot.
import { z } from 'zod';

z.config({ jitless: true });
