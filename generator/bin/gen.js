#!/usr/bin/env node
// Launcher for `gen` when installed as a package binary: registers tsx, then runs the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
