import { escapeHtml, show, type Rendered } from '../display';
import { md, mdInline } from './render';
import type { Question } from './types';

let counter = 0;

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

/**
 * The client side, plain ES2017 so any notebook front end runs it. The answer travels base64-encoded
 * in a data attribute (hidden from a glance, not from a determined reader: this is practice, not an
 * exam). Checking is client-side: it needs no kernel, so it keeps working in a saved notebook.
 */
const SCRIPT = `
(function(root){
  if (!root || root.getAttribute('data-bound')) return;
  root.setAttribute('data-bound', '1');
  var idle = root.querySelector('.kit-quiz-inert'); if (idle) idle.style.display = 'none';
  var bytes = atob(root.getAttribute('data-key'));
  var data = JSON.parse(new TextDecoder().decode(Uint8Array.from(bytes, function(c){ return c.charCodeAt(0); })));
  var out = root.querySelector('.kit-quiz-feedback');
  function show(ok, credit, given) {
    var html = '<p class="kit-quiz-verdict"><b>' + (ok ? '✓ Right.' : credit > 0 ? '◐ Partly right (' + Math.round(credit * 100) + ' % credit).' : '✗ Not quite.') + '</b>';
    if (!ok) html += ' The answer is <b>' + data.shown + '</b>.';
    html += '</p>';
    (given || []).forEach(function(k){ if (data.wrong[k]) html += '<p class="kit-quiz-why"><b>' + k + ':</b> ' + data.wrong[k] + '</p>'; });
    out.innerHTML = html + data.explanation + '<p class="kit-quiz-source">Source: ' + data.source + '</p>';
    out.style.display = 'block';
    root.setAttribute('data-result', ok ? 'right' : 'wrong');
  }
  function check() {
    if (data.type === 'single') {
      var r = root.querySelector('input:checked'); if (!r) return;
      show(r.value === data.answer, r.value === data.answer ? 1 : 0, [r.value]);
    } else if (data.type === 'multiple') {
      var picks = Array.prototype.map.call(root.querySelectorAll('input:checked'), function(x){ return x.value; });
      var right = picks.filter(function(p){ return data.answer.indexOf(p) >= 0; }).length;
      var credit = Math.max(0, (right - (picks.length - right)) / data.answer.length);
      show(right === data.answer.length && picks.length === right, credit, picks);
    } else if (data.type === 'numeric') {
      var x = Number(root.querySelector('input').value.replace(/[$,\\s]/g, ''));
      var ok = isFinite(x) && Math.abs(x - data.answer) <= data.tolerance + 1e-9 * Math.max(1, Math.abs(data.answer));
      show(ok, ok ? 1 : 0, []);
    } else {
      var seq = root.querySelector('input').value.toLowerCase().split(/[\\s,]+/).filter(Boolean);
      var same = seq.join() === data.answer.join();
      show(same, same ? 1 : 0, []);
    }
  }
  Array.prototype.forEach.call(root.querySelectorAll('input[type=radio]'), function(r){ r.addEventListener('change', check); });
  var btn = root.querySelector('button'); if (btn) btn.addEventListener('click', check);
})((document.currentScript && document.currentScript.closest && document.currentScript.closest('.kit-quiz')) || document.getElementById('__ID__'));
`;

/** The widget's HTML: question, options, and the inline script that checks the answer on click. */
export function widgetHtml(q: Question, id = `kit-quiz-${Date.now().toString(36)}-${counter++}`): string {
  const shown = q.type === 'numeric' ? `${q.answer}${q.unit ? ' ' + q.unit : ''}` : Array.isArray(q.answer) ? q.answer.join(q.type === 'ordering' ? ' → ' : ', ') : String(q.answer);
  const key = {
    type: q.type,
    answer: q.answer,
    tolerance: q.tolerance ?? 0,
    shown: escapeHtml(shown),
    explanation: md(q.explanation),
    wrong: Object.fromEntries(Object.entries(q.wrong ?? {}).map(([k, v]) => [k, mdInline(v)])),
    source: /^https?:/.test(q.source) ? `<a href="${escapeHtml(q.source)}" target="_blank">${escapeHtml(q.source)}</a>` : escapeHtml(q.source),
  };
  const opts = Object.entries(q.options ?? {});
  let inputs: string;
  if (q.type === 'single' || q.type === 'multiple') {
    const kind = q.type === 'single' ? 'radio' : 'checkbox';
    inputs = opts
      .map(([k, v]) => `<label class="kit-quiz-option" style="display:block;margin:.2em 0;cursor:pointer"><input type="${kind}" name="${id}" value="${k}"> <b>${k}.</b> ${mdInline(v)}</label>`)
      .join('\n');
    if (q.type === 'multiple') inputs += `\n<button type="button">Check</button> <small>(choose all that apply)</small>`;
  } else if (q.type === 'numeric') {
    inputs = `<input type="text" inputmode="decimal" placeholder="${q.unit ?? 'number'}"> <button type="button">Check</button>`;
  } else {
    inputs =
      opts.map(([k, v]) => `<div><b>${k}.</b> ${mdInline(v)}</div>`).join('\n') +
      `\n<input type="text" placeholder="order, e.g. ${opts.map(([k]) => k).join(',')}"> <button type="button">Check</button>`;
  }
  return `<div class="kit-quiz" id="${id}" data-qid="${escapeHtml(q.id)}" data-key="${b64(JSON.stringify(key))}" style="border:1px solid #ccc;border-radius:6px;padding:.6em 1em;max-width:46em">
<div class="kit-quiz-question">${md(q.question)}</div>
<form onsubmit="return false">
${inputs}
</form>
<p class="kit-quiz-inert" style="font-size:small;color:#888">Answers are checked by a script in this output; if clicking does nothing, the notebook is not trusted yet: run the cell again.</p>
<div class="kit-quiz-feedback" style="display:none;margin-top:.6em;padding:.4em .8em;background:#f6f8fa;border-radius:4px"></div>
<script>${SCRIPT.replace('__ID__', id)}</script>
</div>`;
}

/** Shows one question as an interactive widget in the notebook (outside one, prints the question). */
export function widget(q: Question): void {
  show({ html: widgetHtml(q), text: `[quiz ${q.id}] ${q.question.trim()}` } satisfies Rendered);
}
