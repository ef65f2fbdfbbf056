// Runs the CDKTF app on CDK Terrain unchanged: `node --import tsx --import ./cdktn-loader.mjs main.ts`.
// cdktn is CDKTF's continuation with the same API, so only module names differ: `cdktf` becomes `cdktn`
// and the bindings come from provider/cdktf/cdktn instead of provider/cdktf/cdktf.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'cdktf') return next('cdktn', context);
  return next(specifier.replace('/provider/cdktf/cdktf/', '/provider/cdktf/cdktn/'), context);
}`));
