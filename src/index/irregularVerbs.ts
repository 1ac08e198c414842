/**
 * Irregular English verb forms, so that "met" is found by "meet" and "took place" by "take place":
 * Porter stemming only handles regular endings.
 */
const IRREGULAR = `arise arose arisen|awake awoke awoken|be was were been|bear bore born borne|beat beat beaten|become became become|
begin began begun|bend bent|bet bet|bind bound|bite bit bitten|bleed bled|blow blew blown|break broke broken|breed bred|
bring brought|build built|burn burnt|buy bought|catch caught|choose chose chosen|come came|cost cost|creep crept|cut cut|
deal dealt|dig dug|do did done|draw drew drawn|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed|
feel felt|fight fought|find found|flee fled|fly flew flown|forbid forbade forbidden|forget forgot forgotten|forgive forgave forgiven|
freeze froze frozen|get got gotten|give gave given|go went gone|grow grew grown|hang hung|have had has|hear heard|hide hid hidden|
hit hit|hold held|hurt hurt|keep kept|know knew known|lay laid|lead led|leave left|lend lent|let let|lie lay lain|light lit|
lose lost|make made|mean meant|meet met|pay paid|put put|quit quit|read read|ride rode ridden|ring rang rung|rise rose risen|
run ran|say said says|see saw seen|seek sought|sell sold|send sent|set set|shake shook shaken|shine shone|shoot shot|show showed shown|
shut shut|sing sang sung|sink sank sunk|sit sat|sleep slept|slide slid|speak spoke spoken|spend spent|spin spun|split split|
spread spread|stand stood|steal stole stolen|stick stuck|sting stung|strike struck stricken|swear swore sworn|sweep swept|
swim swam swum|swing swung|take took taken|teach taught|tear tore torn|tell told|think thought|throw threw thrown|
understand understood|wake woke woken|wear wore worn|win won|write wrote written|withdraw withdrew withdrawn|overcome overcame|
undertake undertook undertaken|uphold upheld|forecast forecast|broadcast broadcast|rebuild rebuilt|oversee oversaw overseen`;

export const IRREGULAR_BASE: ReadonlyMap<string, string> = new Map(
  IRREGULAR.split('|').flatMap((group) => {
    const [base, ...forms] = group.trim().split(/\s+/);
    return forms.map((form) => [form, base!] as const);
  }),
);

