#!/usr/bin/env node
// The smtp-relay executable: registers tsx so the TypeScript sources run as they are, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
