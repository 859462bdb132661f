/**
 * Sends rich output to the notebook. Inside the tslab kernel this is tslab's display; anywhere
 * else (tests, the CLI) there is no notebook, and `emit` reports that it showed nothing.
 */
type Display = { html(s: string): void; markdown(s: string): void; text(s: string): void };

let override: Display | undefined;

function tslabDisplay(): Display | undefined {
  if (override) return override;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require('tslab/dist/jupyter');
    if (jupyter.lastWriteDisplayData == null) return undefined; // not inside a running kernel
    return require('tslab').display as Display;
  } catch {
    return undefined;
  }
}

/** True when code runs inside the kit's notebook kernel. */
export function inNotebook(): boolean {
  return tslabDisplay() !== undefined;
}

/** For tests: capture what would be shown. Pass undefined to restore. */
export function setDisplay(d: Display | undefined): void {
  override = d;
}

export function emitHtml(html: string, text: string): boolean {
  const d = tslabDisplay();
  if (!d) return false;
  d.html(html);
  return true;
}

export function emitMarkdown(md: string): boolean {
  const d = tslabDisplay();
  if (!d) return false;
  d.markdown(md);
  return true;
}

/** Something that can be shown in a notebook, and read as text outside one. */
export interface Rendered {
  readonly html: string;
  readonly text: string;
}

/**
 * Shows `r` in the notebook. Returns nothing on purpose: tslab prints a cell's last value, and a
 * table should appear once, as a table. Outside a notebook it prints the text form instead.
 */
export function show(r: Rendered): void {
  if (!emitHtml(r.html, r.text)) console.log(r.text);
}
