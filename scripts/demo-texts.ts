/**
 * The words of the demo (scripts/make-demo.ts): who posts and what they say. Everything here
 * is made up. Slots filled by the generator: {brand} (Fjällvind, #fjallvind, @fjallvind...),
 * {brands} (genitive, Fjällvinds), {jacket} (Vindjacka Pro), {tent} (Lätt-tält 2) and
 * {staff:<id>} (that person's handle on the platform, or their name where they have none).
 */

export type Tone = 'pos' | 'neu' | 'neg';
export type Lang = 'sv' | 'en';
export type Template = readonly [Tone, string];
export type Platform = 'x' | 'mastodon' | 'bluesky' | 'rss';

/** Brand, product and topic talk: ~50 Swedish and ~35 English sentences. */
export const templates: Record<Lang, readonly Template[]> = {
  sv: [
    ['pos', 'Tredje vintern med min jacka från {brand} och den håller fortfarande som ny.'],
    ['pos', 'Måste säga att {brand} gör riktigt genomtänkta kläder. Allt sitter där det ska.'],
    ['pos', 'Köpte min första grej från {brand} i höstas och nu förstår jag hypen.'],
    ['pos', 'Skönt med ett svenskt märke som {brand} som faktiskt testar sina grejer i fjällen.'],
    ['pos', 'Stort tack till {brand} för ett fint bemötande i butiken i Umeå idag!'],
    ['pos', '{brand} levererar igen. Snyggt, varmt och inget krångel.'],
    ['pos', 'Lagade min gamla jacka från {brand} med deras reparationskit. Tog tio minuter.'],
    ['neu', 'Någon som vet när {brand} släpper vinterkollektionen?'],
    ['neu', 'Funderar på att köpa något från {brand}. Värt pengarna eller mest varumärke?'],
    ['neu', 'Såg att {brand} har rea på sajten nu, för den som har väntat.'],
    ['neu', 'Vilken storlek ska man ta hos {brand}? Brukar ha M men de verkar sitta smått.'],
    ['neu', '{brand} har visst en popup-butik på Södermalm i helgen.'],
    ['neg', 'Dragkedjan på min jacka från {brand} gick sönder efter två månader. Inte okej för det priset.'],
    ['neg', 'Tycker {brand} har blivit dyrare för varje säsong utan att kvaliteten har blivit bättre.'],
    ['neg', 'Leveransen från {brand} har nu dröjt i tolv dagar. Ingen information alls.'],
    ['neg', 'Besviken på {brand}, sömmarna släpper redan efter en säsong.'],
    ['pos', '{jacket} är det bästa plagget jag köpt i år. Det blåste rejält i Sälen och jag frös inte en sekund.'],
    ['pos', 'Testade {jacket} på morgonlöpningen i snålblåsten. Lätt, andas bra och vindtät på riktigt.'],
    ['pos', 'Min {jacket} har varit med på tre fjällturer nu och ser fortfarande ut som ny.'],
    ['pos', 'Älskar huvan på {jacket}, den går att justera med vantarna på. Någon har tänkt till!'],
    ['neu', 'Någon som har jämfört {jacket} med skaljackorna från de stora märkena?'],
    ['neu', 'Hur stor blir {jacket} i storlek L? Jag är 185 och har långa armar.'],
    ['neu', 'Går {jacket} att tvätta i maskin eller måste man impregnera om efteråt?'],
    ['neg', 'Färgen på min {jacket} har bleknat efter en enda sommar. Surt.'],
    ['neg', '{jacket} kostar nästan 3000 kr och ändå läcker det in vid axlarna när det regnar.'],
    ['neg', 'Ärmarna på {jacket} är alldeles för korta. Det blir en retur för min del.'],
    ['pos', 'Slog upp {tent} på under fem minuter i motvind vid Abisko. Imponerad.'],
    ['pos', '{tent} väger nästan ingenting och rymmer ändå två personer plus packning. Perfekt för Kungsleden.'],
    ['pos', 'Fyra nätter i {tent} i regn och allt var torrt inuti. Rekommenderas!'],
    ['neu', 'Funderar mellan {tent} och ett tyngre tunneltält inför vintern. Tips?'],
    ['neu', 'Går det att köpa extra tältpinnar till {tent} separat?'],
    ['neg', 'Bågen till {tent} sprack redan andra natten. Väntar på svar om reklamationen.'],
    ['neg', '{tent} är för trångt för två vuxna om du frågar mig. Reklamen lovar för mycket.'],
    ['pos', 'Bra att {brand} startar återvinning av gamla jackor. Fler märken borde göra likadant.'],
    ['pos', '{brand} redovisar klimatavtrycket per plagg. Det är precis den öppenheten jag vill se.'],
    ['neu', 'Hur hållbara är {brands} material egentligen? Någon som har läst deras rapport?'],
    ['neg', '{brand} pratar mycket om hållbarhet men släpper ändå en ny kollektion varje säsong.'],
    ['pos', 'Kundtjänsten hos {brand} fixade min reklamation på en dag. Så ska det gå till!'],
    ['pos', 'Fick snabbt svar från {brands} kundservice och en ny dragkedja på posten.'],
    ['neg', 'Har väntat tre veckor på pengarna för min retur till {brand}. Kundtjänst svarar inte.'],
    ['neu', 'Vet någon hur lång returrätt {brand} har vid köp på nätet?'],
    ['neu', 'Var tillverkas {brands} kläder egentligen? Det står bara Umeå på lappen.'],
    ['pos', 'Fint reportage om {brands} fabrik i Umeå. Kul att produktionen finns kvar i Norrland.'],
    ['neg', 'Tycker att {brand} borde vara tydligare med vilka fabriker de anlitar för tygerna.'],
    ['neu', '{brand} rekryterar tydligen en produktutvecklare i Umeå, om någon söker jobb.'],
    ['pos', 'Drömjobb: {brand} söker folk till designteamet. Nu blir det ansökan!'],
    ['pos', 'Bra intervju med {staff:johan} om hur {brand} tänker kring reparationer.'],
    ['pos', 'Tack {staff:maria} för snabb hjälp med min beställning från {brand}!'],
    ['neu', '{staff:sara} vet du om {jacket} kommer i fler färger till våren?'],
    ['pos', 'Lyssnade på {staff:anna} på Umeå Business Day. Inspirerande om att bygga {brand} från Norrland.'],
  ],
  en: [
    ['pos', 'Third winter with my {brand} jacket and it still looks brand new.'],
    ['pos', 'Honestly impressed by {brand}. Small Swedish company, proper gear.'],
    ['pos', 'Shoutout to {brand} for shipping to Scotland in three days.'],
    ['pos', 'If you want outdoor clothes that actually last, have a look at {brand}.'],
    ['neu', 'Has anyone tried {brand}? Thinking about a new shell for Norway next summer.'],
    ['neu', 'Is {brand} sold anywhere in the US or only through their own shop?'],
    ['neu', '{brand} sizing question: do they run small?'],
    ['neg', 'My {brand} order has been stuck in customs for two weeks. Not impressed.'],
    ['neg', '{brand} raised their prices again. Hard to justify for a windbreaker.'],
    ['neg', 'The zipper on my {brand} jacket broke on day two. Disappointing.'],
    ['pos', 'The {jacket} is the best windbreaker I have owned. Ridiculously light.'],
    ['pos', 'Ran 20k into a gale in the {jacket} and stayed warm the whole way.'],
    ['pos', 'Love that the {jacket} packs into its own pocket. It lives in my running vest now.'],
    ['neu', 'How does the {jacket} compare to the usual big-brand shells?'],
    ['neu', 'Is the {jacket} worth it for a cycling commute?'],
    ['neg', 'The {jacket} wets out after an hour of proper rain. It is a windbreaker, not a shell.'],
    ['neg', 'Ordered the {jacket} in M and it fits like an S. Sending it back.'],
    ['pos', 'Pitched the {tent} solo in strong wind on the Kungsleden. Easy and rock solid.'],
    ['pos', 'The {tent} at 1.1 kg for two people? Sold.'],
    ['neu', 'Anyone using the {tent} in winter conditions?'],
    ['neg', 'Condensation inside the {tent} was really bad on cold nights.'],
    ['pos', 'Love that {brand} publishes a sustainability report for every product. More of this please.'],
    ['pos', '{brand} will take back and recycle your old jacket. Great initiative.'],
    ['neg', 'Sustainability claims from {brand} sound nice, but I would like to see third-party audits.'],
    ['pos', '{brand} customer service replaced my broken tent pole within a week. Top notch.'],
    ['neg', 'Still waiting for my refund from {brand}. Three emails, no reply.'],
    ['neu', 'What is the return policy at {brand} for orders from outside the EU?'],
    ['neu', 'Does anyone know which factory makes the {brand} gear? The label does not say.'],
    ['pos', 'Nice to see {brand} keeping its factory in the north of Sweden.'],
    ['neu', '{brand} is hiring a senior developer in Umeå, remote friendly. Worth a look.'],
    ['pos', 'Met {staff:sara} at the trade fair. Great talk on how {brand} designs for repair.'],
    ['neu', '{staff:johan} interesting thread on recycled fabrics. Any plans for the {tent}?'],
    ['pos', 'Thanks {staff:maria} for sorting out my exchange so quickly!'],
    ['pos', 'Two years of daily dog walks in my {brand} jacket. Still going strong.'],
  ],
};

/** Appended now and then so repeated templates do not read as copies. */
export const suffixes: Record<Lang, readonly string[]> = {
  sv: [' #friluftsliv', ' #vandring', ' #fjällen', ' #umeå', ' 🏔️', ' 👍', ' #outdoor'],
  en: [' #hiking', ' #outdoors', ' #gear', ' 🏔️', ' #trailrunning', ' #camping'],
};

/** Crowd replies to staff posts. */
export const cheers: Record<Lang, readonly string[]> = {
  sv: ['Grattis, vad kul!', 'Spännande, ser fram emot det!', 'Snyggt jobbat!', 'Heja Umeå!', 'Intressant, tack för att du delar.'],
  en: ['Congrats, great news!', 'Love this.', 'Nice work!', 'Interesting, thanks for sharing.'],
};

/** Posts that name neither the brand nor its products: what keyword collection drags in. */
export const noise: Record<Lang, readonly string[]> = {
  sv: [
    'Kall vind i fjällen idag, glöm inte mössan.',
    'Någon som har tips på en bra vindjacka under 1000 kr?',
    'Tältade vid Abisko i helgen. Helt magiskt norrsken.',
    'Första snön i Umeå! Dags att plocka fram vinterskorna.',
    'Kungsleden nästa sommar, vem hänger med?',
    'Vindstilla och minus tio. Perfekt skidväder.',
    'Vilka vandringskängor håller längst? Mina senaste dog efter ett år.',
    'Packlista inför fjällturen: tält, sovsäck, kök och en varm jacka.',
    'Blåsigt på Holmön idag men fint ändå.',
    'Fjällvindarna tog i ordentligt på Nipfjället i natt. Tältet höll.',
    'Varför är alla dunjackor svarta i år?',
    'Söndagspromenad längs älven. Tyst och kallt.',
    'Vem mer har redan börjat vaxa skidorna?',
    'Någon som vet om leden upp till Sylarna är snöfri än?',
    'Ny pannlampa inköpt. Mörkret kan komma.',
    'Lagade ett hål i sovsäcken med tejp. Håller nog en säsong till.',
  ],
  en: [
    'Best windproof jacket for winter running? Budget around 150 euro.',
    'Camping in Lapland next summer, any tent recommendations?',
    'Northern lights over Abisko last night. Unreal.',
    'Hiking the Kungsleden in August, who has done it?',
    'Ultralight gear is great until the wind picks up.',
    'Anyone know a good repair shop for outdoor jackets in Stockholm?',
    'First proper frost of the year. Time for the winter layers.',
    'Wet socks are the worst part of any hike. Change my mind.',
    'Booked a cabin in Jämtland for New Year. Any day hikes to recommend?',
    'Waxing skis in the kitchen again. My flatmates love me.',
    'Is merino really worth the price? Asking for my cold feet.',
    'Three days of rain in the Lake District and my boots finally gave up.',
  ],
};

interface Person {
  platform: Exclude<Platform, 'rss'>;
  handle: string;
  name: string;
  followers: number;
  lang: Lang;
  posts: number;
}

/** Eldsjälar: enthusiasts who keep coming back to the brand, always warmly. */
export const enthusiasts: Person[] = [
  { platform: 'x', handle: 'fjallfrida', name: 'Frida Holm', followers: 3400, lang: 'sv', posts: 6 },
  { platform: 'mastodon', handle: 'paddlarper@mastodon.nu', name: 'Per Nordin', followers: 860, lang: 'sv', posts: 5 },
  { platform: 'bluesky', handle: 'vandrarjonas.bsky.social', name: 'Jonas Viklund', followers: 1250, lang: 'sv', posts: 5 },
  { platform: 'x', handle: 'trailkim', name: 'Kim Walsh', followers: 8900, lang: 'en', posts: 5 },
  { platform: 'x', handle: 'emmaiskogen', name: 'Emma Strand', followers: 2100, lang: 'sv', posts: 4 },
];

/** Repeat detractors. */
export const detractors: Person[] = [
  { platform: 'x', handle: 'surmagnus', name: 'Magnus Ödlund', followers: 640, lang: 'sv', posts: 4 },
  { platform: 'x', handle: 'gearcynic', name: 'Gear Cynic', followers: 2300, lang: 'en', posts: 4 },
];

/** Names the generator builds the crowd's accounts from. */
export const names = {
  sv: {
    first: ['Lisa', 'Karin', 'Johanna', 'Emma', 'Sofia', 'Maja', 'Elin', 'Linnea', 'Ida', 'Hanna', 'Klara', 'Moa', 'Anders', 'Mikael', 'Jonas', 'Fredrik', 'Henrik', 'Mattias', 'Viktor', 'Gustav', 'Olle', 'Nils', 'Albin', 'Linus', 'Petter', 'Daniel'],
    last: ['Andersson', 'Holm', 'Lundgren', 'Sjöberg', 'Wallin', 'Engström', 'Forsberg', 'Sandberg', 'Lund', 'Hedlund', 'Åberg', 'Nyström', 'Björk', 'Strand', 'Öberg', 'Lindgren'],
    tags: ['_ute', 'ifjallen', '_umea', 'springer', 'paddlar', '_skidar'],
  },
  en: {
    first: ['Tom', 'Sarah', 'James', 'Emily', 'Chris', 'Laura', 'Ben', 'Kate', 'Mike', 'Rachel', 'Dan', 'Amy', 'Sam', 'Lucy', 'Jake', 'Hannah'],
    last: ['Walker', 'Hughes', 'Murphy', 'Bennett', 'Carter', 'Reid', 'Fraser', 'Collins', 'Hayes', 'Price', 'Doyle', 'Grant'],
    tags: ['hikes', '_runs', 'outdoors', '_trails', 'climbs'],
  },
};
export const instances = ['mastodon.nu', 'mastodon.social', 'fikaverse.club', 'mastodon.online', 'toot.community'];

/** Followers per staff member on X; the other networks get a share of it. */
export const staffFollowers: Record<string, number> = { anna: 4200, erik: 2600, sara: 980, johan: 1700, maria: 640, oskar: 450 };

/** What staff post on their own accounts ({platform, lang, text}); some never name the brand. */
export const staffPosts: Record<string, readonly (readonly [Exclude<Platform, 'rss'>, Lang, string])[]> = {
  anna: [
    ['x', 'sv', 'Fantastisk dag i fabriken med hela teamet. Stolt över det vi bygger tillsammans i Umeå.'],
    ['x', 'sv', 'Vi på Fjällvind rekryterar tre nya kollegor i Umeå i vinter. Sprid gärna!'],
    ['mastodon', 'sv', 'Panelsamtal om norrländsk tillverkning på Umeå Business Day idag. Fler borde våga producera här.'],
    ['bluesky', 'en', 'Proud that the Fjällvind recycling program has taken back 4,000 garments this year.'],
  ],
  erik: [
    ['x', 'sv', 'Pressmeddelande: Fjällvind bygger ut lagret i Umeå och anställer tolv personer.'],
    ['mastodon', 'sv', 'Tips till alla kommunikatörer: svara snabbt, svara sant och svara där frågan ställdes.'],
    ['bluesky', 'sv', 'Veckans läsning: hur rykten sprids och varför rättelser sällan hinner ikapp.'],
  ],
  sara: [
    ['x', 'sv', 'Prototyp nummer sju av nästa #vindjackapro. Huvan sitter äntligen rätt.'],
    ['bluesky', 'sv', 'Testdag i blåsten vid Nydalasjön med tre nya tygprover. Frusna fingrar, glad designer.'],
    ['x', 'en', 'Design for repair: every seam on the Vindjacka Pro can be fixed by a local tailor.'],
  ],
  johan: [
    ['x', 'sv', 'Vår klimatredovisning för 2026 är ute: utsläppen per plagg är ner 18 procent. #fjallvind'],
    ['mastodon', 'sv', 'Återvinningen av gamla jackor går över förväntan. Nu behöver vi fler insamlingspunkter i norr.'],
    ['bluesky', 'en', 'Reading list on textile recycling in the Nordics, for anyone curious. Thread below.'],
  ],
  maria: [
    ['x', 'sv', 'Kundtjänst på Fjällvind har öppet till 20 hela veckan inför julhandeln.'],
    ['bluesky', 'sv', 'En bra retur är början på en lojal kund. Det tror jag på varje dag.'],
  ],
  oskar: [
    ['mastodon', 'en', "We're hiring: backend developer (TypeScript, Postgres) at Fjällvind in Umeå. DM me!"],
    ['mastodon', 'en', 'Shipped a new order tracking page today. Fewer "where is my parcel" emails for our support team, hopefully.'],
    ['bluesky', 'sv', 'Fredagsdeploy? Aldrig. Torsdagsdeploy med kaffe och rollback-plan, alltid.'],
    ['x', 'en', 'Our checkout is now 40% faster on slow mobile networks. Small team, big smiles.'],
  ],
};

/** Staff blog posts (rss): staff id, language, title, text; most are about work, not the brand. */
export const staffBlogPosts: readonly (readonly [string, Lang, string, string])[] = [
  ['anna', 'sv', 'Fem år som vd: det här har jag lärt mig', 'Det viktigaste jag lärt mig är att lyssna på dem som syr. Om ledarskap, tålamod och att bygga något som håller i Norrland.'],
  ['erik', 'sv', 'Tio regler för kriskommunikation', 'Svara snabbt, svara sant, svara där frågan ställdes. Och glöm aldrig att de flesta som läser aldrig skriver något själva.'],
  ['sara', 'sv', 'Varför huvan tog sju prototyper', 'Huvan på Vindjacka Pro skulle gå att justera med tumvantar. Det tog sju prototyper och en hel del frusna fingrar.'],
  ['sara', 'sv', 'Tygprover och kaffe', 'Den här veckan har jag provat tre nya vävar i vindtunneln. Den tunnaste överraskade mest.'],
  ['johan', 'sv', 'Textilåtervinning i Norden: läget 2026', 'Bara en liten del av alla kläder återvinns till nya fibrer. Här är vad som behöver hända för att det ska bli fler.'],
  ['johan', 'en', 'What a climate report cannot tell you', 'Numbers per garment are useful, but the longest-lasting jacket is still the one you already own.'],
  ['maria', 'sv', 'Det bästa med att jobba i kundtjänst', 'Ingen dag är den andra lik. Om att lösa problem, lyssna och ibland bara skicka en ny dragkedja.'],
  ['oskar', 'en', 'Notes on moving our order system to TypeScript', 'Six months, one monolith, zero downtime. What worked, what did not and what I would do differently.'],
  ['oskar', 'sv', 'Vi söker en backendutvecklare', 'Vill du jobba med e-handel, lager och fabrik i ett och samma system? Vi rekryterar i Umeå, gärna på distans ibland.'],
];

/** The brand's own accounts. */
export const brandAccounts = {
  x: { handle: 'fjallvind', name: 'Fjällvind', followers: 12400 },
  mastodon: { handle: 'fjallvind@mastodon.nu', name: 'Fjällvind', followers: 1100 },
  bluesky: { handle: 'fjallvind.bsky.social', name: 'Fjällvind', followers: 2300 },
} as const;

export const brandPosts: readonly (readonly [Exclude<Platform, 'rss'>, Lang, string])[] = [
  ['x', 'sv', 'Nu är Lätt-tält 2 tillbaka i lager! 1,1 kg, två personer, sytt i Umeå. #lattalt'],
  ['x', 'sv', 'Vi rekryterar! Produktutvecklare och backendutvecklare till kontoret i Umeå. Sök senast 15 december.'],
  ['mastodon', 'sv', 'Lämna in din gamla jacka i någon av våra butiker så återvinner vi den. Du får 20 procent på nästa köp.'],
  ['bluesky', 'en', 'The Vindjacka Pro is back in all sizes. Windproof, 190 grams, made in Umeå. #vindjackapro'],
  ['x', 'en', "We're hiring a senior developer in Umeå. Come build the shop behind the jackets!"],
];

/** Customer-service threads: complaint, the reply (by `who`: a staff id or `brand`), thanks. */
export const serviceThreads: readonly { lang: Lang; who: string; says: readonly [string, string, string] }[] = [
  { lang: 'sv', who: 'maria', says: ['Hej {brand}, min retur har inte registrerats på tre veckor. Vad händer?', 'Hej! Vad tråkigt att höra. Skicka ordernumret i ett DM så tittar jag på det direkt. /Maria', 'Tack, nu är pengarna tillbaka. Snabbt och smidigt!'] },
  { lang: 'sv', who: 'brand', says: ['Dragkedjan på min {jacket} har hakat upp sig redan. Kundtjänst, hjälp?', 'Hej! Det ska inte hända. Vi skickar en ny dragkedja och ett frankerat kuvert. DM:a adressen så fixar vi det.', 'Fick den idag, bytt och klart. Toppenservice.'] },
  { lang: 'sv', who: 'maria', says: ['Beställde en {jacket} för en vecka sedan och har inte fått något mejl alls. {brand}?', 'Hej! Vi har haft strul med orderbekräftelserna i två dagar, ditt paket är på väg. Ber om ursäkt! /Maria', 'Skönt att höra, tack för svaret!'] },
  { lang: 'en', who: 'brand', says: ['{brand} my {tent} arrived with a bent pole. Not the start I hoped for.', 'So sorry about that! A new pole is on its way today, no need to send the old one back.', 'Wow, thanks for the quick fix. Customer service done right.'] },
  { lang: 'en', who: 'maria', says: ['Hi {brand}, how do I get a refund for a gift I cannot exchange?', 'Hi! Send me the order number in a DM and I will refund it right away. /Maria', 'Refund received. Thank you!'] },
];

/** Other feeds: news sites and outdoor blogs. */
export const feeds = {
  blogger: { id: 'https://friluftsbloggen.se/feed', name: 'Friluftsbloggen', url: 'https://friluftsbloggen.se' },
  gossip: { id: 'https://trailgearwire.com/feed.xml', name: 'Trail & Gear Wire', url: 'https://trailgearwire.com' },
  news: { id: 'https://umebladet.se/rss', name: 'Umebladet', url: 'https://umebladet.se' },
  review: { id: 'https://utemagasinet.se/feed', name: 'Utemagasinet', url: 'https://utemagasinet.se' },
  reviewEn: { id: 'https://nordicgearreview.com/rss', name: 'Nordic Gear Review', url: 'https://nordicgearreview.com' },
};

/** Feed posts outside the rumour: [feed, day (0 = Monday 16 Nov), hour, lang, title, text, path]. */
export const newsPosts: readonly (readonly [keyof typeof feeds, number, number, Lang, string, string, string])[] = [
  ['news', 1, 6, 'sv', 'Fjällvind anställer tolv i Umeå', 'Klädtillverkaren Fjällvind bygger ut lagret på Ersboda och rekryterar tolv personer under vintern.', '/naringsliv/fjallvind-anstaller-tolv'],
  ['review', 2, 7, 'sv', 'Test: Vindjacka Pro är lätt och vindtät', 'Vi har sprungit, cyklat och vandrat i Vindjacka Pro i en månad. Den är lätt och vindtät men inte gjord för regn.', '/test/vindjacka-pro'],
  ['reviewEn', 3, 14, 'en', 'Review: Lätt-tält 2 is the lightest two-person tent we tested', 'At 1.1 kg the Fjällvind Lätt-tält 2 undercuts every rival in our test. Condensation is its one weakness.', '/reviews/latt-talt-2'],
];

/** The rumour of Friday 2026-11-20. */
export const rumour = {
  article: 'https://friluftsbloggen.se/2026/11/20/fjallvind-flyttar-produktionen-till-kina',
  articleEn: 'https://trailgearwire.com/news/fjallvind-moving-production-to-china',
  statement: 'https://fjallvind.se/nyheter/vi-stannar-i-umea',
  blog: ['Fjällvind flyttar produktionen till Kina', 'Enligt flera källor i branschen förbereder Fjällvind att flytta produktionen från Umeå till en fabrik i Kina redan nästa år. Företaget har inte svarat på våra frågor.'],
  blogEn: ['Fjällvind moving production to China, blogger claims', 'Swedish outdoor brand Fjällvind is moving production from Umeå to a factory in China, according to a Swedish blogger. The company has not commented.'],
  granskaren: { handle: 'granskaren', name: 'Granskaren', followers: 48200 },
  root: 'Uppgifter: Fjällvind flyttar produktionen till Kina. Så mycket för "sytt i Umeå". {article}',
  quotes: [
    ['sv', 'neg', 'Och jag som betalat extra för svensk tillverkning. Aldrig mer #fjallvind.'],
    ['sv', 'neg', 'Om det här stämmer är det ett svek mot alla som köpt Fjällvind för att det var lokalt.'],
    ['sv', 'neg', 'Typiskt. Först bygger man varumärket på Norrland, sedan flyttar man till billigaste fabriken.'],
    ['sv', 'neu', 'Har någon en källa utöver en blogg? Låter märkligt med tanke på att Fjällvind precis byggt ut.'],
    ['en', 'neg', 'Wow. Fjällvind moving production to China. There goes the whole made in Sweden story.'],
    ['en', 'neu', 'If true, this is a big deal for Fjällvind and its whole brand.'],
    ['sv', 'neg', 'Sluta köpa Fjällvind då. Enkelt.'],
    ['sv', 'neg', 'Ett år av hållbarhetsprat och sen det här? Fjällvind tappar all trovärdighet.'],
    ['sv', 'neu', 'Väntar på besked från @fjallvind innan jag dömer någon.'],
    ['en', 'neg', 'Not surprised. Every "local" brand like Fjällvind does this eventually.'],
  ],
  replies: [
    ['sv', 'neu', 'Har du någon källa på det?'],
    ['sv', 'neg', 'Usch, det var ju mitt favoritmärke.'],
    ['sv', 'pos', 'Det här stämmer inte, jag var på fabriken i Umeå förra veckan och de anställer.'],
    ['sv', 'neg', 'Så tråkigt om det stämmer.'],
    ['sv', 'neg', 'Klassiskt. Vinsten före allt.'],
    ['en', 'neu', 'Is there an English source for this?'],
    ['sv', 'neu', 'Den bloggen har haft fel förut. Vänta på besked.'],
    ['sv', 'neg', 'Då får det bli ett annat märke nästa gång.'],
  ],
  quoteReplies: [
    ['sv', 'neg', 'Precis. Man känner sig lurad.'],
    ['sv', 'neu', 'Fast vi vet ju inte om det stämmer än?'],
    ['sv', 'neg', 'Samma här, jag avbeställer min jacka.'],
    ['en', 'neg', 'Same. Cancelled my order.'],
  ],
  /** The quoter answering a reply to their quote: depth 3 in the cascade. */
  quoteAnswer: 'Vi får se vad de säger. Men det ser inte bra ut.',
  anna: 'Det stämmer inte. Vår produktion stannar i Umeå och vi bygger just nu ut fabriken. Jag svarar gärna på frågor. /Anna, vd Fjällvind',
  erik: 'Hej! Uppgiften är felaktig. Fjällvind har inga planer på att flytta produktionen. Vi har bett bloggen om en rättelse. /Erik, kommunikationschef',
  annaReplies: [
    ['sv', 'pos', 'Tack för snabbt och tydligt besked!'],
    ['sv', 'pos', 'Skönt att höra. Då behåller jag min jacka.'],
    ['sv', 'neg', 'Varför skulle bloggen hitta på det då?'],
  ],
  /** Erik to the sceptic above. */
  erikToSceptic: 'Bra fråga. Vi vet inte var uppgiften kommer ifrån, men den stämmer inte. Välkommen på fabriksvisning i Umeå!',
  shares: {
    sv: [
      ['neg', 'Fjällvind flyttar produktionen till Kina?! Det här var tråkigt att läsa.'],
      ['neg', 'Där rök det sista svenska friluftsmärket. #fjallvind'],
      ['neu', 'Någon som vet om det här stämmer? Fjällvind har ju alltid pratat om Umeå.'],
      ['neg', 'Så Fjällvind väljer billigt före lokalt. Besviken.'],
      ['neg', 'Läs och bli besviken. Fjällvind lämnar Umeå.'],
      ['neu', 'Fjällvind till Kina? Väntar på en kommentar från företaget.'],
    ],
    en: [
      ['neg', 'Fjällvind moving production to China. So much for local.'],
      ['neu', 'Interesting if true: Fjällvind leaving Sweden.'],
      ['neg', 'Another Nordic brand outsourcing. Sad to see Fjällvind go this way.'],
    ],
  },
  statementText: {
    sv: 'Till alla som frågat: Fjällvind flyttar inte produktionen. Våra jackor och tält sys i Umeå, idag och framöver. {statement}',
    en: 'To everyone asking: Fjällvind is not moving production. Our jackets and tents are made in Umeå, today and tomorrow. {statement}',
  },
  annaBlog: ['Vi stannar i Umeå', 'I dag spreds en uppgift om att Fjällvind flyttar produktionen till Kina. Den stämmer inte. Vi bygger ut fabriken i Umeå och anställer fler. Så här ser våra planer ut.'],
  newsFollowUp: ['Fjällvind dementerar uppgifter om flytt till Kina', 'Vd Anna Lindqvist säger till Umebladet att produktionen stannar i Umeå och att fabriken byggs ut.', '/naringsliv/fjallvind-dementerar'],
  correction: ['Rättelse: Fjällvind flyttar inte produktionen', 'I går skrev vi att Fjällvind flyttar produktionen till Kina. Det stämmer inte och vi ber om ursäkt för felet.', 'https://friluftsbloggen.se/2026/11/21/rattelse-fjallvind'],
  dayAfter: [
    ['sv', 'pos', 'Så ryktet om Fjällvind och Kina var alltså fel. Bra hanterat av {staff:anna}.'],
    ['sv', 'neu', 'Friluftsbloggen har rättat uppgiften om Fjällvind. Hur många läser rättelsen, tror ni?'],
    ['sv', 'pos', 'Köpte en {jacket} i dag, mest för att visa att jag tror på Fjällvind.'],
    ['en', 'neu', 'Turns out the Fjällvind China story was false. The correction got a fraction of the attention.'],
    ['en', 'pos', 'Good crisis response from Fjällvind yesterday: fast, clear and from the CEO herself.'],
  ],
} as const;
