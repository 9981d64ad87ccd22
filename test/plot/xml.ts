/**
 * A small XML well-formedness check for tests: balanced tags, quoted attributes without raw
 * "<" or "&", no duplicate attributes, only known or numeric entities, one root element.
 */
export function assertWellFormedXml(xml: string): void {
  let i = 0;
  const stack: string[] = [];
  let roots = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${why} near ${JSON.stringify(xml.slice(Math.max(0, i - 30), i + 30))}`);
  };
  const checkText = (s: string) => {
    const bad = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(s);
    if (bad) fail("bare &");
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const chunk = xml.slice(i, lt === -1 ? xml.length : lt);
    checkText(chunk);
    if (stack.length === 0 && chunk.trim() !== "") fail("text outside the root element");
    if (chunk.includes(">")) fail("raw > in text is legal but suspicious here");
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i);
      if (end === -1) fail("unterminated processing instruction");
      i = end + 2;
      continue;
    }
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i);
      if (end === -1) fail("unterminated comment");
      i = end + 3;
      continue;
    }
    const end = xml.indexOf(">", i);
    if (end === -1) fail("unterminated tag");
    const tag = xml.slice(i + 1, end);
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) fail(`unexpected </${name}>`);
    } else {
      const selfClosing = tag.endsWith("/");
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*$/.exec(body);
      if (!m) fail(`malformed tag <${tag}>`);
      const names = [...m![2]!.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)];
      const seen = new Set<string>();
      for (const [, n, v] of names) {
        if (seen.has(n!)) fail(`duplicate attribute ${n}`);
        seen.add(n!);
        checkText(v!);
      }
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(m![1]!);
    }
    i = end + 1;
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]}>`);
  if (roots !== 1) fail(`expected one root element, found ${roots}`);
}
