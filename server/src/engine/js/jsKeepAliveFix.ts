import type * as ts from 'typescript';
import type { Fix } from '../finding';
import type { JsFile } from './jsFile';
import type { ServerSettings } from './jsKeepAliveRule';

export function addKeepAliveFix(_file: JsFile, _node: ts.NewExpression): Fix[] {
  return [];
}
export function agentFalseFix(_file: JsFile, _prop: ts.PropertyAssignment, _module: 'http' | 'https'): Fix[] {
  return [];
}
export function removeConnectionCloseFix(_file: JsFile, _node: ts.Node): Fix[] {
  return [];
}
export function serverTimeoutFix(_file: JsFile, _s: ServerSettings, _keepAlive: number): Fix[] {
  return [];
}
export function lbTimeoutFix(_file: JsFile, _server: ts.Expression, _s: ServerSettings, _lb: number): Fix[] {
  return [];
}
