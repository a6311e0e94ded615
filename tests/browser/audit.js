/* axe-core on one page (tests/browser/a11y.py), in two runs:
   1. every rule of the given tags but color-contrast, on the page (less the parts excluded);
   2. color-contrast on the text whose look has not been measured before.
   The second run is what makes an audit of every page affordable: axe-core spends most of its
   time there, and a site made from templates shows the same few looks on every page.  A look is
   everything axe-core's color-contrast reads from the text and what lies beneath it: the element
   (tag, disabled or not) and its colour, font, text shadow and stroke; and, for the element and
   each ancestor, the background colour and image, the opacity, blending, filters, positioning and
   stacking, and the backgrounds of its ::before and ::after.  `known` holds the looks that passed
   earlier (on any page, at any width); the page returns the looks of the text that passed here,
   so the caller can add them.  Text that failed, or that axe-core could not decide, is never
   learnt, so it is measured again wherever it appears. */
async ([tags, exclude, known]) => {
  const context = exclude.length ? {include: [['html']], exclude: exclude.map(s => [s])} : document;
  const report = v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length});
  const rest = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                       rules: {'color-contrast': {enabled: false}}, resultTypes: ['violations']});
  const violations = rest.violations.map(report);

  // cyrb53: a 53-bit string hash (public domain), enough to tell thousands of looks apart
  const hash = text => {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  };
  const BENEATH = ['background-color', 'background-image', 'background-clip', 'opacity', 'mix-blend-mode',
                   'filter', 'backdrop-filter', 'position', 'z-index', 'isolation', 'visibility', 'display',
                   'overflow'];
  const PSEUDO = ['content', 'background-color', 'background-image', 'position', 'opacity'];
  const TEXT = ['color', 'font-family', 'font-size', 'font-weight', 'text-shadow', '-webkit-text-stroke-width',
                '-webkit-text-stroke-color', '-webkit-text-fill-color'];
  const values = (style, names) => names.map(n => style.getPropertyValue(n)).join(';');
  const chains = new Map();
  const chain = el => {
    if (!el) return '';
    let key = chains.get(el);
    if (key === undefined) {
      key = hash([values(getComputedStyle(el), BENEATH), values(getComputedStyle(el, '::before'), PSEUDO),
                  values(getComputedStyle(el, '::after'), PSEUDO), chain(el.parentElement)].join('|'));
      chains.set(el, key);
    }
    return key;
  };
  const look = el => hash([el.tagName, el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true',
                           values(getComputedStyle(el), TEXT), chain(el)].join('|'));
  const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.data.trim());

  const seen = new Set(known);
  // text not shown (display, visibility, opacity) is not text axe-core measures
  const shown = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const fresh = [...document.body.querySelectorAll('*')].filter(el =>
    ownText(el) && !exclude.some(s => el.closest(s)) && shown(el) && !seen.has(look(el)));
  const learnt = new Set();
  if (fresh.length) {
    const contrast = await axe.run({include: fresh}, {runOnly: {type: 'rule', values: ['color-contrast']},
                                                     elementRef: true});
    violations.push(...contrast.violations.map(report));
    for (const rule of contrast.passes) for (const node of rule.nodes) learnt.add(look(node.element));
  }
  return {violations, learnt: [...learnt], measured: fresh.length};
}
