/**
 * An upper estimate of how deep a source file's syntax tree is, measured on the text in one linear,
 * iterative pass (no parser: TypeScript's own parser overflows the stack on ~1,000 nested brackets).
 *
 * Every open bracket is one level. Inside a bracket, each binary operator or member access since the
 * last `,` or `;` is one more level, because `a + b + c` and `a.b().c()` are left-deep trees. Comments,
 * strings, template literals (their `${…}` parts count as brackets) and regular expression literals are
 * skipped. Good enough to refuse a file before a recursive walker meets it; not a parser.
 */
export function estimateNestingDepth(text: string, language: 'go' | 'js'): number {
  /** Per open bracket: chain links counted at that level. The bottom entry is the file's top level. */
  const links: number[] = [0];
  /** For each open bracket, whether it was the `${` of a template literal (its `}` resumes the template). */
  const templateBrace: boolean[] = [false];
  let total = 0;
  let max = 0;
  /** Last significant character, to tell a regular expression from a division (JS). */
  let previous = '';
  const n = text.length;
  let i = 0;

  const open = (isTemplate: boolean) => {
    links.push(0);
    templateBrace.push(isTemplate);
    total += 1;
    if (total > max) max = total;
  };
  const close = (): boolean => {
    if (links.length === 1) return false;
    total -= 1 + links.pop()!;
    return templateBrace.pop()!;
  };
  const link = () => {
    links[links.length - 1]++;
    total++;
    if (total > max) max = total;
  };
  const separate = () => {
    total -= links[links.length - 1];
    links[links.length - 1] = 0;
  };
  /** Skips a template literal's text from `i` (just after its backtick or `}`); returns true if it stopped at `${`. */
  const skipTemplate = (): boolean => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) i += 2;
      else if (c === 96 /* ` */) {
        i++;
        return false;
      } else if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
        i += 2;
        return true;
      } else i++;
    }
    return false;
  };
  /** Skips a quoted string or a regular expression up to its closing `quote` (never past a line end). */
  const skipQuoted = (quote: number) => {
    let inClass = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 10) return;
      else {
        i++;
        if (quote === 47 /* / */ && c === 91 /* [ */) inClass = true;
        else if (inClass && c === 93 /* ] */) inClass = false;
        else if (c === quote && !inClass) return;
      }
    }
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === 47 /* / */ && next === 47) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === 47 && next === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    i++;
    if (c === 10 && endsStatement(previous)) {
      let j = i;
      while (j < n && /\s/.test(text[j])) j++;
      if (j < n && !'.+-*/%&|^<>=?'.includes(text[j])) separate();
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    const ch = String.fromCharCode(c);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      skipQuoted(c);
    } else if (c === 96 /* ` */) {
      if (language === 'go') {
        const end = text.indexOf('`', i);
        i = end < 0 ? n : end + 1;
      } else if (skipTemplate()) open(true);
    } else if (c === 40 || c === 91 || c === 123 /* ( [ { */) {
      open(false);
    } else if (c === 41 || c === 93 || c === 125 /* ) ] } */) {
      if (close() && c === 125 && skipTemplate()) open(true);
    } else if (c === 44 || c === 59 /* , ; */) {
      separate();
    } else if (c === 46 /* . */) {
      if (!(next >= 48 && next <= 57) && next !== 46) link();
      else if (next === 46) i += 2; // spread / variadic `...`
    } else if (c === 47 /* / */ && language === 'js' && startsExpression(previous)) {
      skipQuoted(47);
    } else if ('+-*/%&|^<>=?!'.includes(ch)) {
      // One operator token, however many characters (`===`, `>>>=`, `&&`, `??`).
      while (i < n && '+-*/%&|^<>=?!'.includes(text[i]) && !(text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) i++;
      link();
    }
    previous = ch;
  }
  return max;
}

/** A line break after these ends a statement unless the next line continues the expression (Go and JS). */
function endsStatement(previous: string): boolean {
  return previous !== '' && !'.+-*/%&|^<>=?!,([{'.includes(previous);
}

/** After these characters a `/` starts a regular expression rather than dividing. */
function startsExpression(previous: string): boolean {
  return previous === '' || '(,=:[!&|?{};+-*%<>~^'.includes(previous);
}
