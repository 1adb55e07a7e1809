import type ts = require('typescript');

/** What a Node.js server sets about keep-alive and header timeouts, and where. */
export interface ServerSettings {
  /** The server object's variable, if bound. */
  binding?: ts.Identifier;
  keepAlive?: { value: number | undefined; node: ts.Expression; assignment: ts.Node };
  headers?: { value: number | undefined; node: ts.Expression; assignment: ts.Node };
  options?: ts.ObjectLiteralExpression;
  fastify: boolean;
}
