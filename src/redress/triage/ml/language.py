"""Which language a text is in (zh-hans, zh-hant, en, mixed), and Traditional → Simplified folding.

Simplified and Traditional Chinese are told apart by characters that differ between the two
scripts: a list of about 700 common Traditional characters and their Simplified forms (the
characters of banking, money, complaint and everyday text). No dictionary package is needed
for that, and `str.translate` folds a text in C, which keeps prediction fast.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Traditional + Simplified, two characters per entry.
_PAIRS: Final[str] = """
銀银 貸贷 戶户 帳账 賬账 號号 碼码 錢钱 轉转 匯汇 處处 辦办 務务 費费 額额 產产 險险 證证 財财 資资
監监 總总 會会 員员 機机 構构 關关 係系 繫系 這这 個个 們们 來来 時时 間间 問问 題题 說说 話话 電电
腦脑 網网 絡络 點点 擊击 開开 設设 請请 讓让 給给 對对 為为 無无 與与 專专 業业 職职 實实 際际 還还
進进 過过 選选 擇择 訊讯 簡简 體体 東东 車车 貨货 購购 買买 賣卖 價价 錯错 誤误 騙骗 詐诈 盜盗 竊窃
報报 師师 訴诉 訟讼 記记 視视 臺台 聞闻 導导 紅红 書书 嚴严 緊紧 醫医 療疗 殘残 癱瘫 瘓痪 齡龄 歲岁
長长 輩辈 獨独 傷伤 難难 貧贫 窮穷 齊齐 團团 億亿 萬万 兩两 幾几 圓圆 塊块 幣币 灣湾 門门 國国 區区
縣县 鄉乡 鎮镇 興兴 農农 廣广 華华 滬沪 寧宁 陽阳 陰阴 豐丰 熱热 氣气 雲云 動动 應应 該该 當当 從从
後后 麼么 樣样 沒没 讀读 寫写 認认 識识 談谈 論论 調调 響响 準准 確确 標标 權权 濟济 經经 營营 銷销
結结 儲储 據据 紀纪 錄录 檔档 條条 約约 規规 則则 責责 負负 擔担 債债 償偿 賠赔 補补 罰罚 滯滞 納纳
稅税 擾扰 騷骚 撥拨 聯联 輸输 驗验 鎖锁 凍冻 餘余 愛爱 藝艺 邊边 寶宝 筆笔 畢毕 閉闭 變变 別别 賓宾
參参 倉仓 層层 場场 廠厂 陳陈 稱称 誠诚 遲迟 齒齿 蟲虫 傳传 創创 純纯 詞词 聰聪 達达 帶带 單单 膽胆
黨党 島岛 燈灯 敵敌 遞递 頂顶 訂订 鬥斗 斷断 隊队 頓顿 奪夺 兒儿 爾尔 發发 髮发 範范 飯饭 訪访 紡纺
飛飞 廢废 紛纷 奮奋 憤愤 風风 鳳凤 膚肤 婦妇 復复 複复 蓋盖 幹干 趕赶 剛刚 鋼钢 崗岗 鞏巩 貢贡 溝沟
購购 夠够 顧顾 觀观 館馆 慣惯 歸归 龜龟 櫃柜 貴贵 滾滚 鍋锅 過过 漢汉 賀贺 護护 劃划 畫画 懷怀 壞坏
歡欢 環环 換换 黃黄 揮挥 輝辉 彙汇 夥伙 獲获 禍祸 積积 極极 級级 擠挤 計计 繼继 駕驾 堅坚 減减 檢检
見见 薦荐 鑑鉴 鍵键 將将 獎奖 講讲 醬酱 膠胶 腳脚 較较 階阶 節节 傑杰 潔洁 屆届 盡尽 僅仅 勁劲 驚惊
靜静 鏡镜 糾纠 舊旧 劇剧 懼惧 捲卷 覺觉 絕绝 軍军 凱凯 課课 懇恳 虧亏 擴扩 闊阔 蘭兰 攔拦 欄栏 爛烂
勞劳 樂乐 類类 離离 禮礼 裡里 裏里 歷历 曆历 麗丽 勵励 連连 臉脸 練练 糧粮 輛辆 諒谅 遼辽 獵猎 臨临
鄰邻 靈灵 領领 劉刘 龍龙 樓楼 陸陆 慮虑 亂乱 輪轮 羅罗 邏逻 馬马 麥麦 滿满 貓猫 貿贸 夢梦 彌弥 綿绵
麵面 廟庙 滅灭 鳴鸣 謀谋 畝亩 惱恼 鬧闹 內内 擬拟 釀酿 鳥鸟 濃浓 諾诺 歐欧 盤盘 噴喷 鵬鹏 飄飘 頻频
評评 憑凭 撲扑 騎骑 豈岂 啟启 棄弃 牽牵 鉛铅 遷迁 簽签 淺浅 強强 搶抢 牆墙 橋桥 親亲 輕轻 傾倾 慶庆
軀躯 趨趋 勸劝 榮荣 軟软 銳锐 潤润 賽赛 傘伞 喪丧 掃扫 殺杀 曬晒 賞赏 燒烧 紳绅 審审 嬸婶 腎肾 滲渗
聲声 勝胜 繩绳 聖圣 詩诗 試试 勢势 適适 釋释 壽寿 獸兽 屬属 數数 樹树 帥帅 雙双 誰谁 順顺 碩硕 絲丝
飼饲 鬆松 聳耸 誦诵 蘇苏 肅肃 雖虽 隨随 孫孙 損损 縮缩 瑣琐 態态 攤摊 貪贪 歎叹 湯汤 燙烫 濤涛 討讨
騰腾 謄誊 鐵铁 廳厅 聽听 頭头 圖图 塗涂 頹颓 脫脱 襪袜 違违 圍围 韋韦 偉伟 衛卫 緯纬 謂谓 溫温 穩稳
窩窝 臥卧 烏乌 務务 霧雾 犧牺 習习 戲戏 蝦虾 嚇吓 鮮鲜 閒闲 顯显 現现 憲宪 線线 餡馅 詳详 項项 蕭萧
曉晓 協协 脅胁 攜携 謝谢 許许 續续 緒绪 軒轩 懸悬 學学 尋寻 詢询 訓训 遜逊 壓压 鴉鸦 亞亚 煙烟 鹽盐
顏颜 陽阳 養养 藥药 爺爷 葉叶 頁页 儀仪 憶忆 議议 譯译 異异 飲饮 隱隐 贏赢 擁拥 湧涌 優优 憂忧 郵邮
猶犹 遊游 誘诱 娛娱 漁渔 語语 預预 園园 緣缘 遠远 願愿 閱阅 躍跃 運运 災灾 載载 讚赞 暫暂 贊赞 髒脏
鑿凿 棗枣 賊贼 贈赠 紮扎 閘闸 齋斋 氈毡 盞盏 嶄崭 戰战 張张 漲涨 脹胀 趙赵 貞贞 針针 診诊 陣阵 爭争
睜睁 癥症 織织 執执 紙纸 擲掷 製制 質质 鐘钟 鍾钟 種种 終终 眾众 週周 軸轴 皺皱 晝昼 豬猪 諸诸 燭烛
囑嘱 築筑 註注 駐驻 磚砖 賺赚 樁桩 莊庄 裝装 壯壮 狀状 濁浊 縱纵 鄒邹 組组 鑽钻 於于 隻只 嗎吗 吧吧
呢呢 啊啊 聽听 說说 讓让 認认 識识 覺觉 點点 總总 黨党 頁页 項项 順顺 須须 預预 領领 頻频 額额 顧顾
顏颜 類类 風风 飛飞 飯饭 養养 館馆 馬马 驗验 騙骗 髮发 鬧闹 魚鱼 鳥鸟 麥麦 黃黄 齊齐 齡龄 龍龙 龜龟
價价 億亿 儲储 優优 兒儿 內内 兩两 冊册 劃划 劍剑 動动 勞劳 勢势 勵励 勸劝 區区 協协 單单 參参 叢丛
員员 問问 啟启 喚唤 喪丧 嗎吗 嘆叹 嚴严 團团 圍围 圖图 執执 報报 塊块 壓压 壞坏 壯壮 壽寿 夠够 夢梦
奪夺 奮奋 婦妇 嬰婴 學学 寫写 寬宽 寶宝 將将 專专 尋寻 對对 導导 屆届 層层 屬属 岡冈 嶺岭 巖岩 幣币
帥帅 師师 帳账 帶带 幫帮 廣广 廳厅 彈弹 彎弯 徑径 徹彻 恆恒 悅悦 惡恶 愛爱 態态 慘惨 慣惯 憂忧 懇恳
懷怀 戀恋 戶户 拋抛 挾挟 捨舍 掃扫 掛挂 採采 揀拣 損损 搖摇 擁拥 擇择 擊击 擔担 據据 擠挤 擬拟 擴扩
擺摆 攜携 敗败 敵敌 數数 斂敛 斷断 於于 暈晕 暢畅 曆历 會会 朧胧 東东 柵栅 棧栈 棟栋 榮荣 構构 槍枪
樂乐 標标 樞枢 樣样 橫横 檢检 櫃柜 權权 歡欢 歲岁 歷历 歸归 殘残 殼壳 毀毁 氣气 決决 況况 淚泪 淨净
涼凉 減减 測测 湯汤 溝沟 滅灭 滙汇 漢汉 潔洁 潛潜 澀涩 濕湿 災灾 為为 烏乌 無无 煉炼 煩烦 熱热 爭争
牆墙 獎奖 獨独 獲获 玀猡 現现 環环 產产 畫画 當当 疊叠 療疗 癢痒 發发 皚皑 盡尽 監监 盤盘 盧卢 眾众
睏困 矯矫 礙碍 禮礼 禱祷 稅税 穀谷 穩稳 窮穷 竊窃 筆笔 範范 簡简 簽签 籃篮 糧粮 糾纠 紀纪 約约 紅红
納纳 紐纽 純纯 紙纸 級级 紛纷 細细 終终 組组 結结 絕绝 給给 統统 絲丝 綁绑 經经 綜综 緊紧 線线 練练
縣县 縮缩 總总 績绩 織织 繳缴 罰罚 羅罗 義义 習习 聖圣 聯联 聲声 職职 聽听 脅胁 腦脑 膽胆 臉脸 與与
舉举 舊旧 艙舱 蘋苹 號号 蠶蚕 術术 衛卫 衝冲 補补 裝装 製制 複复 襲袭 覆覆 見见 規规 視视 親亲 覺觉
觀观 觸触 計计 訂订 討讨 訓训 記记 訪访 設设 許许 診诊 註注 詐诈 評评 詞词 詢询 試试 詳详 誇夸 認认
誤误 說说 誰谁 課课 調调 談谈 請请 論论 諮咨 謊谎 講讲 證证 識识 議议 護护 讀读 變变 讓让 豐丰 豬猪
貝贝 負负 財财 貧贫 貨货 販贩 貪贪 責责 貴贵 貸贷 費费 貼贴 貿贸 賀贺 資资 賓宾 賞赏 賠赔 賣卖 質质
賬账 賭赌 賺赚 購购 贈赠 贊赞 趕赶 趨趋 跡迹 踐践 蹤踪 車车 軌轨 軟软 較较 載载 輔辅 輕轻 輛辆 輩辈
輪轮 輸输 轉转 辦办 辭辞 農农 逕迳 這这 連连 週周 進进 運运 過过 達达 違违 遞递 遠远 適适 遲迟 遷迁
選选 遺遗 還还 邊边 郵邮 鄉乡 醫医 釋释 針针 鈔钞 鈕钮 銀银 銷销 鋪铺 鋼钢 錄录 錢钱 錯错 鍵键 鎖锁
鎮镇 鏈链 鐵铁 長长 門门 閃闪 閉闭 開开 間间 閱阅 關关 闖闯 陣阵 陰阴 陳陈 陸陆 陽阳 隊队 階阶 際际
隨随 險险 隱隐 雙双 雜杂 雞鸡 離离 難难 雲云 電电 靈灵 靜静 響响 頂顶 項项 順顺 預预 頒颁 頓顿 領领
頭头 頻频 題题 額额 顯显 飄飘 餘余 館馆 饋馈 騷骚 驗验 體体 髒脏 鬥斗 鬱郁 魯鲁 鮮鲜 鹽盐 麗丽 麼么
點点 黴霉 齒齿 盜盗 竄窜 綫线 綁绑 緩缓 編编 緣缘 總总 縫缝 繁繁 罷罢 罵骂 擱搁 攬揽 摟搂 撐撑 撈捞
嘮唠 噸吨 嚨咙 囂嚣 墊垫 墮堕 壇坛 奧奥 妝妆 媽妈 嫻娴 孫孙 寵宠 實实 審审 屜屉 峽峡 幾几 庫库 廁厕
廚厨 彙汇 徵征 憐怜 懶懒 揮挥 換换 攝摄 攤摊 敘叙 暫暂 曉晓 條条 棄弃 殺杀 氫氢 涇泾 渦涡 滯滞 滲渗
漲涨 潑泼 澆浇 濤涛 濫滥 瀏浏 灑洒 灣湾 爐炉 犧牺 狀状 猶犹 獅狮 瑣琐 璽玺 瓊琼 甕瓮 痴痴 瘡疮 癒愈
盃杯 睜睁 瞞瞒 礎础 祿禄 稱称 穌稣 窩窝 竇窦 筍笋 箏筝 節节 篩筛 簾帘 籌筹 糞粪 絞绞 綱纲 網网 綿绵
緒绪 緝缉 緯纬 縱纵 繩绳 繪绘 繼继 纏缠 缽钵 罈坛 翹翘 聳耸 肅肃 脈脉 腫肿 膚肤 膩腻 臟脏 艦舰 藍蓝
藝艺 蘆芦 蟲虫 蠟蜡 衊蔑 裡里 褲裤 襪袜 覽览 訊讯 託托 訝讶 訴诉 詠咏 誌志 誓誓 誘诱 諒谅 謝谢 謹谨
譜谱 豎竖 貓猫 賦赋 賴赖 贓赃 贖赎 躍跃 軍军 軸轴 辯辩 迴回 郵邮 鄭郑 醜丑 釀酿 鈴铃 鉤钩 銅铜 鋒锋
鋸锯 錦锦 鍛锻 鍋锅 鏡镜 鐘钟 鑰钥 閒闲 闆板 闊阔 阻阻 隸隶 雖虽 韌韧 韓韩 頸颈 顆颗 顧顾 颱台 飼饲
餅饼 餵喂 饑饥 騎骑 騰腾 驅驱 驕骄 骯肮 鬍胡 鬚须 鯨鲸 鴨鸭 鵝鹅 鶴鹤 麵面 黨党 齡龄 盪荡 蕩荡 薦荐
"""


def _build_map() -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in _PAIRS.split():
        if len(entry) == 2 and entry[0] != entry[1]:
            table[entry[0]] = entry[1]
    return table


TRAD_TO_SIMP: Final[dict[str, str]] = _build_map()
TRADITIONAL_ONLY: Final[frozenset[str]] = frozenset(TRAD_TO_SIMP)
# Simplified forms that are also ordinary characters of Traditional text (后, 里, 台, 只 …) prove nothing.
_SHARED: Final[frozenset[str]] = frozenset(
    "台余干只系面松里后周准卷范制注扎伙云斗复历丑症吓板回胡困谷志托咨才杯愈覆岩舍采杰朴涌恒迹"
)
SIMPLIFIED_ONLY: Final[frozenset[str]] = frozenset(TRAD_TO_SIMP.values()) - TRADITIONAL_ONLY - _SHARED
_FOLD: Final[dict[int, str]] = str.maketrans(TRAD_TO_SIMP)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def to_simplified(text: str) -> str:
    """Fold the Traditional characters of the list to their Simplified forms (others unchanged)."""
    return text.translate(_FOLD)


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to half-width), lower case, Simplified characters."""
    if text.isascii():
        return text.lower()  # NFKC leaves ASCII as it is, and no ASCII character is folded
    return unicodedata.normalize("NFKC", text).lower().translate(_FOLD)


def chinese_script(text: str) -> str:
    """zh-hant when the text has more Traditional-only than Simplified-only characters, else zh-hans."""
    traditional = sum(1 for ch in text if ch in TRADITIONAL_ONLY)
    simplified = sum(1 for ch in text if ch in SIMPLIFIED_ONLY)
    return "zh-hant" if traditional > simplified else "zh-hans"


def han_share(text: str) -> float:
    """The share of the text that is Chinese: Han characters against English words (1 word ≈ 1.5 characters)."""
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if han + words == 0:
        return 0.0
    return han / (han + 1.5 * words)


def detect_language(text: str) -> str:
    """zh-hans, zh-hant, en or mixed (both Chinese and English in earnest; a stray "ATM" or "APP" is not)."""
    if text.isascii():
        return "en"  # no Chinese character at all (the common case of long English letters: no regex scan)
    share = han_share(text)
    if share >= 0.8:
        return chinese_script(text)
    if share <= 0.2:
        return "en"
    return "mixed"
