/** Plain-text table for terminals: columns sized to content, the last column cut to fit `width`. */
export function table(headers: string[], rows: string[][], width = process.stdout.columns || 120): string {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const cells = [headers, ...rows.map((r) => r.map(clean))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const fixed = widths.slice(0, -1).reduce((a, w) => a + w + 2, 0);
  widths[widths.length - 1] = Math.max(10, Math.min(widths.at(-1)!, width - fixed));
  const cut = (s: string, w: number) => {
    const chars = [...s];
    return chars.length > w ? `${chars.slice(0, w - 1).join('')}…` : s + ' '.repeat(w - chars.length);
  };
  return cells.map((r) => r.map((c, i) => cut(c ?? '', widths[i]!)).join('  ').trimEnd()).join('\n');
}
