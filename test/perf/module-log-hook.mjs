// `node --import ./module-log-hook.mjs ...`: registers a resolve hook (module.register) that appends
// every module URL the process loads through ESM resolution to the file named by AWS_TIPS_MODULE_LOG.
import { register } from 'node:module';

if (process.env.AWS_TIPS_MODULE_LOG)
  register('./module-log-loader.mjs', import.meta.url, { data: { file: process.env.AWS_TIPS_MODULE_LOG } });
