"""The rules and business lines a new installation starts with (seed data, admin-editable).

The migrations load these lists into `TriageRule` and `BusinessLine`; changing a list here
changes new installations only (ship a data migration to change existing ones). While the
`TriageRule` table is empty (e.g. a test database flushed between tests), the engine uses
this list, so a fresh process is never without rules.

A rule is (flag, language, pattern, is_regex). Keywords match as substrings in Chinese and as
whole words or phrases, ignoring case, in English; regexes are Python `re` patterns, matched
ignoring case.
"""

from __future__ import annotations

from typing import Any, Final

from redress.triage.taxonomy import BUSINESS_LINES

Rule = tuple[str, str, str, bool]


def _kw(flag: str, language: str, words: str) -> list[Rule]:
    return [(flag, language, w, False) for w in words.split("|") if w]


def _re(flag: str, language: str, *patterns: str) -> list[Rule]:
    return [(flag, language, p, True) for p in patterns]


# English situations told without the flag's word (added by migration 0007 to existing installations):
# fraud in plain words, vulnerable customers by their situation, many people, a public post; "court" only
# as a court of law (not "Elm Court"); Chinese fraud and legal words that were missing.
_MONEY_MOVES = r"(?:charges?|transactions?|purchases?|withdrawals?|payments?|transfers?|debits?|orders?)"
_KIN = (
    r"(?:husband|wife|partner|spouse|mother|father|mom|mum|dad|son|daughter|brother|sister|parent|"
    r"grandmother|grandfather)"
)
_GROUP = (
    r"(?:tenants|residents|clients|customers|members|families|households|people|neighbou?rs|colleagues|co-?workers|"
    r"employees|staff|students|users|account holders|borrowers|homeowners|victims|investors|businesses|merchants|"
    r"pensioners|retirees|parents|veterans)"
)
ENGLISH_SITUATIONS: Final[tuple[Rule, ...]] = tuple(
    # "fraud" itself, but not the bank's fraud team or alerts (a complaint about those is not a fraud)
    _re(
        "fraud",
        "en",
        r"\bfraud\b(?!\s+(?:team|department|dept|alerts?|texts?|prevention|checks?|monitoring|protection|line|unit|"
        r"squad|hold|block|flag|filter|system|settings?|questions?))",
    )
    # an attorney, but not an attorney general (a regulator) nor a power of attorney
    + _re("legal", "en", r"(?<!power of )\battorneys?\b(?!\s+general)")
    + _re(
        "legal",
        "en",
        r"\b(?:in|to|into|see (?:you|them) in|take (?:you|them|this|it|the bank))\s+court\b",
        r"\bcourt\s+(?:case|action|claim|order|proceedings|date|summons)\b",
        r"\bsolicitors?\b",
    )
    + _kw("fraud", "zh-hans", "被刷|刷走|盗扣|不是我操作|不是本人操作|非本人操作|我没有操作|本人没有操作|")
    + _kw("fraud", "zh-hans", "我没有授权|没有经过我")
    + _kw("fraud", "zh-hant", "被刷|刷走|盜扣|不是我操作|不是本人操作|非本人操作|我沒有操作|本人沒有操作|")
    + _kw("fraud", "zh-hant", "我沒有授權|沒有經過我")
    + _kw("legal", "zh-hans", "法庭见|走法律程序|法律程序")
    + _kw("legal", "zh-hant", "法庭見|走法律程序|法律程序|告上法庭")
    + _kw(
        "fraud",
        "en",
        "wasn't me|was not me|sim swap|sim swapped|ported my number|account was compromised|"
        "account has been compromised|compromised my account|took over my account|taken over my account|posing as|"
        "pretending to be|claiming to be from|safe account|"
        "claimed to be from|said he was from|said she was from|said they were from|spoofed|cloned card|card was cloned|"
        "emptied my account|drained my account|cleaned out my account|money vanished|money disappeared|"
        "not made by me|not done by me|i never made|i did not make|i didn't make|i don't recognize|i don't recognise|"
        "i do not recognize|i do not recognise|did not recognize|didn't recognize|didn't recognise|did not recognise",
    )
    + _re(
        "fraud",
        "en",
        rf"\b{_MONEY_MOVES}\b[^.!?\n]{{0,60}}\b(?:i|we|she|he)\s+(?:never|did not|didn't|did n't|have never)\s+"
        r"(?:made?|authori[sz]ed?|recogni[sz]ed?|approved?|do|did|sign(?:ed)?|agreed? to)\b",
        r"\b(?:someone|somebody|a stranger|an unknown person|a third party|strangers|criminals|thieves|a hacker|"
        r"hackers)\b"
        r"[^.!?\n]{0,50}\b(?:used|opened|accessed|logged in|logged into|got into|took|withdrew|transferred|spent|"
        r"changed|added|ordered|applied|emptied|drained)\b",
        r"\b(?:drained|emptied|wiped out|cleaned out)\b[^.!?\n]{0,40}\b(?:account|savings|balance|card|wallet)",
        r"\b(?:device|phone|iphone|computer|laptop|location)\s+(?:i|we)\s+(?:don't|do not|never)\s+"
        r"(?:own|have|use|recogni[sz]e)",
        r"\b(?:unknown|unrecogni[sz]ed|strange|foreign)\s+(?:device|login|log-in|sign-in|ip address)",
        r"\b(?:opened|took out|taken out|applied for|set up)\b[^.!?\n]{0,40}\bin my name\b",
        r"\b(?:withdrawn|withdrew|transferred|moved|taken|took|spent|used|opened)\b[^.!?\n]{0,40}"
        r"\bwithout\s+(?:my|our|her|his)\s+(?:permission|consent|knowledge|authori[sz]ation)",
        r"\b(?:told|asked|instructed|persuaded|convinced|tricked)\s+(?:me|us|her|him)\s+to\s+(?:move|transfer|send|wire)\b"
        r"[^.!?\n]{0,40}\b(?:money|savings|funds|to a safe account|to a new account)",
    )
    + _kw(
        "vulnerable",
        "en",
        "wheelchair|wheelchair user|mobility scooter|hearing impaired|visually impaired|partially sighted|sight loss|"
        "learning disability|learning difficulties|autism|autistic|stroke|parkinson's|parkinsons|multiple sclerosis|"
        "mental health crisis|suicidal|bipolar|schizophrenia|terminal|terminally|hospice|in hospital|hospital|"
        "intensive care|"
        "nursing home|care home|assisted living|memory care|passed away|bereaved|bereavement|funeral|widower|pregnant|"
        "caseworker|case worker|social worker|support worker|care worker|carer|caregiver|power of attorney|"
        "on behalf of my client|food bank|eviction|evicted|lost my job|laid off|on benefits|disability benefits|"
        "universal credit|pension is my only income|social security is my only",
    )
    + _re(
        "vulnerable",
        "en",
        r"\b(?:i'm|i am|im|aged|age|she's|he's|she is|he is|who is|who's|turned|turning|now)\s+"
        r"(?:6[5-9]|[7-9]\d|1[01]\d)\b"
        r"(?!\s*(?:%|percent|dollars|pounds|days|minutes|hours|times|months|weeks|calls|emails|k\b))",
        r"\b(?:6[5-9]|[7-9]\d|1[01]\d)\s*(?:yo|y/o|yrs? old|years of age)\b",
        r"\((?:6[5-9]|[7-9]\d|1[01]\d)\)",
        rf"\blate\s+{_KIN}\b",
        rf"\b{_KIN}\b[^.!?\n]{{0,30}}\b(?:died|passed)\b",
    )
    + _kw(
        "mass",
        "en",
        "not alone|not the only ones|same problem as me|same issue as me|all of us|whole office|whole building|"
        "whole street|whole village|entire building|everyone in my building|everyone in our|facebook group|"
        "whatsapp group|"
        "group of us|so many people|lots of people|many of us|others have the same|others are having the same",
    )
    + _re(
        "mass",
        "en",
        r"\bon behalf of\s+(?:about |around |over |more than |nearly |some |approximately |roughly )?"
        r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a dozen|dozens|hundreds|several|many|all|our|the|"
        r"a group of)\b"
        rf"[^.!?\n]{{0,30}}\b{_GROUP}\b",
        r"\b(?:several|multiple|numerous|a number of|a group of|all of (?:my|our|the))\s+"
        r"(?:my\s+|our\s+|other\s+|of\s+(?:my|our)\s+)?"
        r"(?:clients|customers|tenants|residents|members|families|neighbou?rs|colleagues|co-?workers|employees|"
        r"account holders|borrowers|victims|households|pensioners)\b",
        rf"\b(?:\d{{2,}}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozens of|hundreds of)\s+"
        rf"(?:other\s+|of\s+(?:my|our|your)\s+)?{_GROUP}\b",
    )
    + _kw(
        "media",
        "en",
        "posting this|i'm posting|i am posting|sharing this|spread the word|warn others|warning others|"
        "everyone should know|"
        "retweet|tweet|tweeting|reddit|trustpilot|one star review|1 star review|bad reviews|public review|review sites|"
        "all over the internet|publicly shame|name and shame",
    )
    + _re(
        "media",
        "en",
        r"(?<![\w.@])@[a-z][a-z0-9_]{2,}",
        r"(?<![\w&])#[a-z][a-z0-9_]{2,}",
        r"\b(?:post(?:ing|ed)?|shar(?:e|ing)|put(?:ting)?|writ(?:e|ing)|leav(?:e|ing))\b[^.!?\n]{0,40}"
        r"\b(?:online|facebook|twitter|instagram|linkedin|yelp|google reviews?|every review site|social)\b",
    )
)

# Situations told without the flag's word that a fresh held-out set (written before reading the rules) showed
# missing (added by migration 0009 to existing installations): in Chinese, an account taken over or a card
# copied, money gone without a word for fraud, a bereavement, an illness or a hardship told as a situation,
# "several colleagues", "大家评评理" and an @-mention of a public post; in English, British spellings,
# money the customer never sent, a payee never heard of, a new device added, an address changed by someone else.
# Every branch starts with a literal, so the regex runs only where one occurs (`patterns.required_literals`).
_ZH_COUNTED = (
    r"(?:好几|十几|二十几|几十|数十|上百|几百|数百|十|二十|三十|四十|五十|六十|七十|八十|九十|一百|两百|二百|三百|"
    r"四百|五百|六百|七百|八百|九百)[多余]?\s*"
)
_ZH_HANT_COUNTED = (
    r"(?:好幾|十幾|二十幾|幾十|數十|上百|幾百|數百|十|二十|三十|四十|五十|六十|七十|八十|九十|一百|兩百|二百|三百|"
    r"四百|五百|六百|七百|八百|九百)[多餘]?\s*"
)
_ZH_KIN = r"(?:老公|丈夫|老婆|妻子|爸爸|妈妈|父亲|母亲|老伴|儿子|女儿|爷爷|奶奶|外公|外婆|先生|太太|我爸|我妈)"
_ZH_HANT_KIN = r"(?:老公|丈夫|老婆|妻子|爸爸|媽媽|父親|母親|老伴|兒子|女兒|爺爺|奶奶|外公|外婆|先生|太太|我爸|我媽)"
_ZH_RECENTLY = r"(?:(?:上个月|上周|上星期|前几天|前不久|去年|年初|刚刚)刚?|刚)走"
_ZH_HANT_RECENTLY = r"(?:(?:上個月|上週|上星期|前幾天|前不久|去年|年初|剛剛)剛?|剛)走"
MORE_SITUATIONS: Final[tuple[Rule, ...]] = tuple(
    _kw(
        "fraud",
        "zh-hans",
        "陌生设备|陌生手机|异地登录|被人登录|被人登陆|被别人登录|手机号被改|密码被改|被人改了|被复制|复制卡|侧录|"
        "被转光|转光了|取光了|刷光了|被清空|被掏空|不翼而飞|莫名其妙少了|莫名少了|凭空少了|不明扣款|不明交易|陌生商户|"
        "没听说过的商户|不认识的商户|不认识的收款人|我什么都没买|根本没消费|从来没消费|被人补办|冒领|远程控制|陌生账户",
    )
    + _kw(
        "fraud",
        "zh-hant",
        "陌生裝置|陌生設備|陌生手機|異地登入|異地登錄|被人登入|被人登錄|手機號碼被改|密碼被改|被複製|複製卡|側錄|"
        "被轉光|轉光了|提光了|刷光了|被清空|被掏空|不翼而飛|莫名其妙少了|不明扣款|不明交易|陌生商戶|不認識的商戶|"
        "不認識的收款人|我什麼都沒買|根本沒消費|被人補辦|冒領|遠端控制|遙控軟件",
    )
    + _re(
        "fraud",
        "zh-hans",
        r"(?:从来|根本|压根|从没)就?(?:没|不)有?[^，。！？,.!?]{0,4}(?:消费过|刷过|玩|买过|出过国|去过)",
    )
    + _re(
        "fraud",
        "zh-hant",
        r"(?:從來|根本|從沒)就?(?:沒|不)有?[^，。！？,.!?]{0,4}(?:消費過|刷過|玩|買過|出過國|去過)",
    )
    + _kw(
        "vulnerable",
        "zh-hans",
        "去世|过世|离世|病逝|逝世|丧事|丧偶|办丧|丧葬|老伴走了|单亲|一个人带着|独自抚养|做完手术|刚动完手术|卧床|"
        "瘫痪|精神疾病|精神病|抑郁症|自闭症|坐轮椅|轮椅|行动不便|腿脚不便|中风|怀孕|坐月子|没有收入|吃不上饭|生活费都没|"
        "社工|网格员|监护人|视力不好|耳背|确诊|年纪大|眼睛花|老眼昏花",
    )
    + _kw(
        "vulnerable",
        "zh-hant",
        "去世|過世|離世|病逝|逝世|喪事|喪偶|辦喪|喪葬|老伴走了|單親|獨力撫養|做完手術|臥床|癱瘓|精神病|精神疾病|"
        "抑鬱症|自閉症|坐輪椅|輪椅|行動不便|腿腳不便|中風|懷孕|坐月子|沒有收入|冇收入|經濟困難|社工|監護人|聽力唔好|"
        "聽力不好|視力不好|確診|年紀大|眼睛花|老眼昏花",
    )
    + _re("vulnerable", "zh-hans", _ZH_KIN + r"[^，。！？,.!?]{0,4}" + _ZH_RECENTLY)
    + _re("vulnerable", "zh-hant", _ZH_HANT_KIN + r"[^，。！？,.!?]{0,4}" + _ZH_HANT_RECENTLY)
    + _re(
        "mass",
        "zh-hans",
        _ZH_COUNTED + r"(?:户|(?:个|名|位|家)\s*(?:同事|工人|员工|职工|老人|老师|教师|村民|邻居|住户|居民|会员|学生|"
        r"家长|租户|业主|客户|用户|商户|人))",
    )
    + _re(
        "mass",
        "zh-hant",
        _ZH_HANT_COUNTED + r"(?:戶|(?:個|名|位|家)\s*(?:同事|工人|員工|職工|長者|老人|老師|教師|村民|鄰居|住戶|居民|"
        r"會員|學生|家長|租戶|業主|客戶|用戶|商戶|人))",
    )
    + _kw("mass", "zh-hans", "整栋楼|全小区|全村|同事们都|邻居们都|好多住户")
    + _kw("mass", "zh-hant", "整棟樓|全屋苑|全村|同事們都|鄰居們都|好多住戶")
    + _kw(
        "media",
        "zh-hans",
        "大家评评理|评评理|发帖|发个帖|发文公开|公开一下|公开此事|上热搜|报馆|传媒|报纸|帮帮团|投稿",
    )
    + _kw(
        "media",
        "zh-hant",
        "大家評評理|評評理|發帖|發個帖|發文公開|公開一下|公開此事|上熱搜|報館|傳媒|報紙|po上網|po到網上|po文|投稿",
    )
    + _re("media", "zh-hans", r"(?<![\w.@])@[\w\u4e00-\u9fff]{2,}")
    + _re("media", "zh-hant", r"(?<![\w.@])@[\w\u4e00-\u9fff]{2,}")
    + _kw(
        "fraud",
        "en",
        "did not authorise|didn't authorise|never authorised|not authorised by me|i didn't take it out|"
        "i did not take it out|money is missing|money has gone missing|money went missing|card got cloned|"
        "i dont recognise|i dont recognize|i didnt make|i didnt authorize|i didnt authorise|wasnt me|"
        "denies making|denied making|denies authorising|denies authorizing|customer denies|cust denies|"
        "",
    )
    + _re(
        "fraud",
        "en",
        r"\b(?:i never|i did not|i didn't|i have never|we never|we did not|we didn't|we have never)\s+"
        r"(?:sent|send|withdr[ae]w|spent|spend|transferred|bought|"
        r"ordered)\s+(?:it|this|that|them|these|those|anything|any of (?:it|them|these|those)|money|a penny|a cent)\b",
        r"\b(?:name|payee|company|merchant|person|business|website|account)\s+"
        r"(?:i've|i have|i had|i'd|we've|we have)\s+never heard of\b",
        r"\bnew\s+(?:device|iphone|phone|android|samsung|computer|laptop)\b[^.!?\n]{0,30}\b(?:was |has been )?"
        r"(?:added|signed in|logged in|registered|linked|set up)\b",
        r"\b(?:changed|updated)\s+(?:my|the)\s+(?:mailing |home |email |e-mail )?(?:address|email|e-mail|phone number|"
        r"password)\b[^.!?\n]{0,60}\b(?:i did not|i didn't|wasn't me|was not me|not me)\b",
    )
    + _kw(
        "vulnerable",
        "en",
        "chemo|dialysis|radiotherapy|housebound|bedbound|bed-bound|mental health|screen reader|care leaver|"
        "no fixed address|money for food|afford food",
    )
    + _re("vulnerable", "en", rf"\blost my {_KIN}\b")
    + _kw(
        "mass",
        "en",
        "everyone in my|everyone at my|everyone at our|everyone on our|every one of them|entire street|entire village|"
        "whole community",
    )
)

DEFAULT_RULES: Final[tuple[Rule, ...]] = tuple(
    # Suspected fraud or stolen funds.
    _kw(
        "fraud",
        "zh-hans",
        "盗刷|被盗|盗用|盗取|诈骗|被骗|骗子|骗走|骗局|冒用|冒名|冒充|钓鱼|伪卡|克隆卡|非本人|不是本人|不是我本人|"
        "本人并未|未经本人|未经我|未经授权|被转走|被划走|莫名其妙被转|身份被盗|账户被盗|资金被盗",
    )
    + _kw(
        "fraud",
        "zh-hant",
        "盜刷|被盜|盜用|盜取|盜領|詐騙|被騙|騙子|騙走|騙局|冒用|冒名|冒充|釣魚|偽卡|非本人|不是本人|不是我本人|"
        "未經本人|未經我|未經授權|被轉走|被劃走|身分被盜|身份被盜|帳戶被盜|假冒",
    )
    + _kw(
        "fraud",
        "en",
        "fraudulent|fraudulently|scam|scammed|scammer|scammers|stolen|stole|theft|identity theft|hacked|"
        "phishing|did not authorize|didn't authorize|never authorized|not authorized by me|skimmed|skimming|"
        "account takeover|impersonated|impersonating",
    )
    + _re(
        "fraud",
        "en",
        r"\bunauthori[sz]ed\s+(?:charges?|transactions?|withdrawals?|transfers?|debits?|purchases?|use|access|payments?)\b",
    )
    # A threat to go to the regulator (or a complaint that already went there).
    + _kw(
        "regulator",
        "zh-hans",
        "金融监管总局|国家金融监督管理总局|金融监管局|银保监|银监会|银监局|人民银行|央行|监管部门|"
        "监管机构|监管局|向监管|找监管|消保局|金融消费权益保护局|证监会|外汇管理局|外管局|信访|市长热线|金融办",
    )
    + _re("regulator", "zh-hans", r"人行(?!道|横道)", r"(?<!\d)(?:12378|12363|12345)(?!\d)")
    + _kw(
        "regulator",
        "zh-hant",
        "金融監管總局|金融監督管理總局|銀保監|銀監會|人民銀行|央行|監管部門|監管機構|向監管|金管會|"
        "金融監督管理委員會|金融消費評議中心|評議中心|金管局|金融管理局|金融糾紛調解中心|消委會|消保會|證監會",
    )
    + _re("regulator", "zh-hant", r"(?<!\d)(?:12378|12363)(?!\d)")
    + _kw(
        "regulator",
        "en",
        "cfpb|consumer financial protection bureau|fca|financial conduct authority|ombudsman|financial ombudsman|"
        "regulator|regulators|occ|fdic|attorney general|hkma|banking regulator|federal trade commission|ftc",
    )
    # A threat to go to the press or social media.
    + _kw(
        "media",
        "zh-hans",
        "媒体|曝光|记者|电视台|报社|新闻|微博|抖音|小红书|朋友圈|快手|视频号|黑猫投诉|自媒体|舆论|热搜|发到网上|发网上|"
        "网上发帖|让大家评评理",
    )
    + _kw(
        "media",
        "zh-hant",
        "媒體|曝光|記者|電視台|報社|新聞|臉書|爆料|爆料公社|發到網上|網上發文|連登|微博|抖音|小紅書|讓大家評評理",
    )
    + _kw(
        "media",
        "en",
        "media|social media|the press|journalist|journalists|reporter|reporters|news station|newspaper|local news|"
        "go public|going public|viral|tiktok|youtube",
    )
    + _re("media", "en", r"\bpost(?:ing)?\s+(?:it|this|about (?:it|this|you))\s+(?:online|on\s+\w+)")
    # A threat of legal action (including the police).
    + _kw(
        "legal",
        "zh-hans",
        "起诉|法院|律师|诉讼|法律途径|法律手段|追究法律|法律责任|仲裁|报警|报案|公安|派出所|打官司|告你们|律师函|上诉",
    )
    + _kw(
        "legal",
        "zh-hant",
        "起訴|法院|律師|訴訟|法律途徑|法律行動|法律責任|仲裁|報警|報案|警察|派出所|打官司|提告|告你們|存證信函|"
        "小額錢債審裁處|律師信",
    )
    + _kw(
        "legal",
        "en",
        "lawyer|lawyers|lawsuit|sue|suing|legal action|small claims|class action|litigation|legal counsel|"
        "police report|police",
    )
    # A vulnerable customer: elderly, ill, disabled, in hardship.
    + _kw(
        "vulnerable",
        "zh-hans",
        "老人|老年人|高龄|年迈|退休|残疾|残障|盲人|视障|听障|聋哑|重病|癌症|住院|病重|化疗|失业|低保|困难户|孤寡|独居|"
        "失智|老年痴呆|阿尔茨海默|智力障碍|生活困难|救命钱|看病钱|孕妇",
    )
    + _re(
        "vulnerable",
        "zh-hans",
        r"(?<!\d)(?:[6-9]\d|1[01]\d)\s*(?:岁|周岁)",
        r"[六七八九]十(?:[一二三四五六七八九]|多|几)?岁",
    )
    + _kw(
        "vulnerable",
        "zh-hant",
        "老人|長者|長輩|高齡|年邁|退休|殘疾|殘障|身障|身心障礙|盲人|視障|聽障|重病|癌症|住院|化療|失業|低收入|獨居|失智|"
        "救命錢|生活困難|清寒|中低收入戶|孕婦",
    )
    + _re(
        "vulnerable",
        "zh-hant",
        r"(?<!\d)(?:[6-9]\d|1[01]\d)\s*(?:歲|周歲)",
        r"[六七八九]十(?:[一二三四五六七八九]|多|幾)?歲",
    )
    + _kw(
        "vulnerable",
        "en",
        "elderly|senior citizen|older american|pensioner|retiree|disabled|disability|dementia|alzheimer's|"
        "alzheimers|cancer|chemotherapy|hospitalized|hospitalised|terminally ill|unemployed|hardship|homeless|"
        "widow|widowed|fixed income|low income|blind|deaf|medical emergency|vulnerable",
    )
    + _re("vulnerable", "en", r"\b(?:6[5-9]|[7-9]\d|1[01]\d)[- ]years?[- ]old\b")
    # Many people affected.
    + _kw(
        "mass",
        "zh-hans",
        "很多人|许多人|好多人|不少人|大量客户|大量用户|多名客户|多位客户|集体投诉|集体维权|群体|维权群|不止我一个|"
        "不只我一个|都遇到了|业主们|所有客户|所有用户|一大批",
    )
    + _re(
        "mass",
        "zh-hans",
        r"(?:\d{2,}|几十|数十|上百|几百|数百|上千|几千)\s*(?:个|名|位|户|家)?\s*(?:人|客户|用户|业主|储户|持卡人|投资者|家长|商户|老人)",
    )
    + _kw(
        "mass",
        "zh-hant",
        "很多人|許多人|好多人|不少人|大量客戶|大量用戶|多名客戶|多位客戶|集體投訴|集體維權|群體|不止我一個|不只我一個|"
        "都遇到了|所有客戶|所有用戶|一大批",
    )
    + _re(
        "mass",
        "zh-hant",
        r"(?:\d{2,}|幾十|數十|上百|幾百|數百|上千|幾千)\s*(?:個|名|位|戶|家)?\s*(?:人|客戶|用戶|業主|存戶|持卡人|投資人|家長|商戶|長者)",
    )
    + _kw(
        "mass",
        "en",
        "class action|not the only one|many customers|many people|other customers|thousands of customers|"
        "hundreds of customers|all customers|everyone i know",
    )
    + _re(
        "mass",
        "en",
        r"\b(?:hundreds|thousands|dozens|numerous|many other)\s+(?:of\s+)?"
        r"(?:customers|consumers|people|users|borrowers|victims|members|account holders)\b",
    )
    # Large sums in words (figures are parsed separately against REDRESS_TRIAGE_LARGE_AMOUNTS).
    + _kw("large_amount", "zh-hans", "巨额|全部积蓄|毕生积蓄|一辈子的积蓄|养老钱|全部存款|所有积蓄")
    + _kw("large_amount", "zh-hant", "鉅額|巨額|全部積蓄|畢生積蓄|一輩子的積蓄|養老錢|全部存款|所有積蓄")
    + _kw("large_amount", "en", "life savings|entire savings|all of my savings|retirement savings|all my savings")
    + list(ENGLISH_SITUATIONS)
    + list(MORE_SITUATIONS)
)


# Seed rules later versions no longer ship: a migration removes them from existing installations.
RETIRED_RULES: Final[tuple[Rule, ...]] = (
    ("legal", "en", "court", False),  # matched "Elm Court"
    ("legal", "en", r"\battorneys?\b(?!\s+general)", True),  # matched "power of attorney"
    ("fraud", "en", "fraud", False),  # matched "your fraud team"
)


def load_rules(apps: Any, rules: tuple[Rule, ...] = DEFAULT_RULES) -> None:
    """Migration helper: insert the rules (by default all the seed rules) that are not there yet."""
    model = apps.get_model("triage", "TriageRule")
    existing = set(model.objects.values_list("flag", "language", "pattern"))
    model.objects.bulk_create(
        [
            model(flag=flag, language=language, pattern=pattern, is_regex=is_regex, active=True)
            for flag, language, pattern, is_regex in rules
            if (flag, language, pattern) not in existing
        ]
    )


def retire_rules(apps: Any) -> None:
    """Migration helper: remove the retired seed rules."""
    model = apps.get_model("triage", "TriageRule")
    for flag, language, pattern, is_regex in RETIRED_RULES:
        model.objects.filter(flag=flag, language=language, pattern=pattern, is_regex=is_regex).delete()


def load_business_lines(apps: Any) -> None:
    model = apps.get_model("triage", "BusinessLine")
    for order, (code, zh, en) in enumerate(BUSINESS_LINES, start=1):
        model.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en, "active": True, "order": order})
