import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Type-checks one TypeScript fixture with `@types/node`, as `tsc --noEmit --strict` would.
 * `undici` resolves to `undici-types` (installed with @types/node: the same declarations undici
 * ships). Third-party packages the fixtures import but that are not installed here (express, pg,
 * axios, ...) are declared as shorthand ambient modules (`declare module 'pg';`, every import is
 * `any`), so the check covers the fixture's own code and Node's APIs.
 */
const ROOT = path.resolve(__dirname, '../../..');
/** Minimal declarations of the packages the fixtures import but that are not installed here. */
const AMBIENT = `
declare module 'pg' {
  export class Pool { constructor(options?: any); query(text: string, values?: any[]): Promise<any>; connect(): Promise<any>; end(): Promise<void>; }
  export class Client { constructor(options?: any); query(text: string, values?: any[]): Promise<any>; connect(): Promise<void>; end(): Promise<void>; }
  const pg: { Pool: typeof Pool; Client: typeof Client };
  export default pg;
}
declare module 'axios' {
  export interface AxiosInstance { get(url: string, config?: any): Promise<any>; post(url: string, data?: any, config?: any): Promise<any>; [key: string]: any; }
  const axios: AxiosInstance & { create(config?: any): AxiosInstance };
  export default axios;
}
declare module 'next' { export type NextApiRequest = any; export type NextApiResponse = any; }
declare module 'next/server' { export const NextResponse: any; }
declare module 'express' { const express: any; export = express; }
declare module 'koa' { const Koa: any; export default Koa; }
declare module '@koa/router' { const Router: any; export default Router; }
declare module 'fastify' { const fastify: any; export default fastify; }
declare module '@hapi/hapi' { export const server: any; }
declare module 'redis' { export function createClient(options?: any): any; }
declare module 'mysql2/promise' { const mysql: any; export default mysql; }
declare module 'mongodb' { export class MongoClient { constructor(url: string, options?: any); connect(): Promise<this>; db(name?: string): any; close(): Promise<void>; } }
declare module 'got' { const got: any; export default got; }
declare module 'ioredis' { const Redis: any; export default Redis; }
declare module 'node-fetch' { const fetch: any; export default fetch; }
declare module '@middy/core' { export default function middy<T>(handler: T): T; }
declare module 'node-cron' { const cron: { schedule(expression: string, task: () => unknown): unknown }; export default cron; }
declare module 'agentkeepalive' { const Agent: any; export default Agent; }
declare module '@aws-sdk/client-s3' { export class S3Client { constructor(config: any); send(command: any): Promise<any>; } export class ListObjectsV2Command { constructor(input: any); } export class GetObjectCommand { constructor(input: any); } export class PutObjectCommand { constructor(input: any); } }
declare module '@aws-sdk/client-dynamodb' { export class DynamoDBClient { constructor(config: any); send(command: any): Promise<any>; } export class GetItemCommand { constructor(input: any); } }
declare namespace JSX { interface IntrinsicElements { [name: string]: any } type Element = any; }
`;
const AMBIENT_PATH = path.join(ROOT, '__fixture_modules__.d.ts');

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  // Handler parameters of untyped frameworks (express, koa, ...) would otherwise be implicit any.
  noImplicitAny: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  typeRoots: [path.join(ROOT, 'node_modules/@types')],
  jsx: ts.JsxEmit.Preserve,
  esModuleInterop: true,
  skipLibCheck: true,
  baseUrl: ROOT,
  paths: { undici: ['node_modules/undici-types/index.d.ts'] },
};

/** Diagnostics (as strings) per file, for texts checked as the files at their paths (one program for all). */
export function typeCheckAll(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const host = ts.createCompilerHost(OPTIONS, true);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const virtual = (f: string) => (f === AMBIENT_PATH ? AMBIENT : files.get(f));
  host.fileExists = (f) => virtual(f) !== undefined || fileExists(f);
  host.readFile = (f) => virtual(f) ?? readFile(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = virtual(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang, true) : getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram([...files.keys(), AMBIENT_PATH], OPTIONS, host);
  const out = new Map<string, string[]>();
  for (const filePath of files.keys()) {
    const sf = program.getSourceFile(filePath)!;
    out.set(
      filePath,
      [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
        const pos = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : undefined;
        return `${path.basename(filePath)}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return out;
}

/** Syntax errors of a JavaScript file. */
export function syntaxErrors(filePath: string, text: string): string[] {
  const kind = filePath.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, kind);
  const diags = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diags.map((d) => `${path.basename(filePath)}:${sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

export const isTypeScript = (p: string) => /\.(ts|mts|cts|tsx)$/.test(p);
