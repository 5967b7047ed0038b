#!/usr/bin/env node
import { createCliContext } from './context.ts';
import { buildProgram } from './program.ts';

await buildProgram(createCliContext()).parseAsync();
