import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractMainText, plainText } from './main-text';

const seedArticle = join(__dirname, '../../../../seeds/articles/sky-news-china-drones.txt');
const seedLines = readFileSync(seedArticle, 'utf8').split('\n').filter(Boolean);

function newsPage(paragraphs: string[]): string {
  const menu = Array.from({ length: 20 }, (_, i) => `<li><a href="/s${i}">Section ${i}</a></li>`).join('');
  return `<!doctype html><html><head><title>China drones | Sky News</title><script>track("x")</script></head>
<body><nav><ul>${menu}</ul></nav><main><article><h1>Chinese companies supplying drones</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></main>
<footer><p>© Sky UK. Cookie preferences. Terms and conditions.</p></footer></body></html>`;
}

describe('extractMainText', () => {
  it('keeps the article, one paragraph a line, and drops navigation, scripts and footer', () => {
    const { title, text } = extractMainText(newsPage(seedLines));
    const lines = text.split('\n');
    expect(title).toMatch(/China drones/);
    expect(lines).toContain(seedLines[0]);
    expect(lines).toContain(
      'Contacted for a response, the Chinese embassy in London said it was “not aware of the specifics you mentioned”.',
    );
    expect(text).not.toMatch(/Section 3|Cookie preferences|track\(/);
  });

  it('falls back to the body for a page too short to look like an article', () => {
    const { text } = extractMainText(
      '<html><body><div><p>Reuters reported the drones.</p></div><script>x()</script></body></html>',
    );
    expect(text).toBe('Reuters reported the drones.');
  });

  it('normalises plain text to one trimmed line per line', () => {
    expect(plainText('  first\tline \r\n\r\nsecond  ').text).toBe('first line\nsecond');
  });
});
