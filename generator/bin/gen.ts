#!/usr/bin/env node
// The `gen` executable of the installed package (compiled to dist/generator/bin/gen.js).
import { main } from '../cli.ts';

process.exitCode = await main(process.argv.slice(2));
