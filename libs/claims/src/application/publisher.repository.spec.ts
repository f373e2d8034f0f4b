import { domainOf, isOnDomain, publisherSlug } from './publisher.repository';

describe('publisherSlug', () => {
  it.each([
    ['Sky News', 'sky-news'],
    ["Embassy of the People's Republic of China in the UK", 'embassy-of-the-people-s-republic-of-china-in-the-uk'],
    ['  Le Monde  ', 'le-monde'],
    ['Süddeutsche Zeitung', 'suddeutsche-zeitung'],
    ['!!!', 'unnamed'],
    ['x'.repeat(70), 'x'.repeat(64)],
    [`${'a'.repeat(63)} b`, 'a'.repeat(63)],
  ])('%s → %s', (name, slug) => expect(publisherSlug(name)).toBe(slug));
});

describe('domainOf', () => {
  it.each([
    ['https://www.reuters.com/world/x', 'reuters.com'],
    ['https://News.Sky.com/story', 'news.sky.com'],
    ['not a url', null],
    [undefined, null],
  ])('%s → %s', (url, domain) => expect(domainOf(url)).toBe(domain));
});

describe('isOnDomain', () => {
  it.each([
    ['news.sky.com', 'news.sky.com', true],
    ['home.treasury.gov', 'treasury.gov', true],
    ['mfa.gov.cn', 'www.mfa.gov.cn', true],
    ['sky.com', 'news.sky.com', false],
    ['evilnews.sky.com.attacker.example', 'news.sky.com', false],
    ['notreuters.com', 'reuters.com', false],
  ])('%s on %s → %s', (host, domain, on) => expect(isOnDomain(host, domain)).toBe(on));
});
