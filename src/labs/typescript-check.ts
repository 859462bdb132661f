/**
 * A learner's TypeScript file, type-checked and compiled the way the project builds itself: the
 * project's own TypeScript (node_modules/typescript, not tslab's 5.0), strict, and the kit's
 * node_modules for imports such as @aws-sdk/client-sqs, so a lab workspace anywhere under KIT_HOME
 * resolves them. Errors come back as "consumer.ts:12: message", never a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { kitRoot } from '../env/paths';

type TS = typeof import('typescript');

/** What a type check found: file:line: message per error, relative to the file's folder. */
export interface TypeCheckResult {
  errors: string[];
  /** The compiled CommonJS file (only when there were no errors). */
  js?: string;
}

const modules = path.join(kitRoot, 'node_modules');

function options(ts: TS): import('typescript').CompilerOptions {
  return {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(modules, '@types')],
    // Bare imports resolve from the kit's node_modules, wherever the workspace is.
    baseUrl: kitRoot,
    paths: { '*': [path.join(modules, '*'), path.join(modules, '@types', '*')] },
  };
}

/** Type-checks `file` and, when it is clean, compiles it to `<outDir>/<name>.js`. */
export function typeCheckFile(file: string, outDir: string): TypeCheckResult {
  // Loaded on demand: only the TypeScript labs pay for it.
  const ts = require(path.join(modules, 'typescript')) as TS;
  const opts = options(ts);
  const program = ts.createProgram([file], opts);
  const base = path.dirname(file);
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const msg = ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\s+/g, ' ');
      if (!d.file || d.start === undefined) return msg;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const where = path.relative(base, d.file.fileName);
      return `${where.startsWith('..') ? d.file.fileName : where}:${line + 1}: ${msg}`;
    });
  if (errors.length) return { errors };
  const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { ...opts, noEmit: false }, fileName: file });
  fs.mkdirSync(outDir, { recursive: true });
  const js = path.join(outDir, path.basename(file).replace(/\.ts$/, '.js'));
  fs.writeFileSync(js, out.outputText);
  return { errors: [], js };
}

/** The environment a compiled learner file runs in: bare requires resolve from the kit's node_modules. */
export function learnerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: [modules, process.env.NODE_PATH].filter(Boolean).join(path.delimiter) };
}
