package similar

import "strings"

// concepts is a small 纪检 vocabulary: words that name the same subject in
// different ways (公车 and 公务用车, 吃请 and 宴请). A text that contains
// any of a concept's words also carries the concept as one more term, so
// two problems about the same subject meet even when they share no pair
// of characters. It names subjects, never judgments, and is deliberately
// short: each entry is a subject inspections routinely report.
var concepts = []struct {
	name  string
	words []string
}{
	{"三会一课", []string{"三会一课", "支委会", "党小组会", "党员大会", "支部委员会会议", "讲党课", "党课"}},
	{"会议记录", []string{"会议记录", "记录本", "会议纪要"}},
	{"党费", []string{"党费"}},
	{"发展党员", []string{"发展党员", "入党", "预备党员", "积极分子", "发展对象"}},
	{"党员管理", []string{"流动党员", "失联党员", "组织关系", "口袋党员", "不合格党员", "党员教育管理", "党员积分"}},
	{"公车", []string{"公车", "公务用车", "派车", "出车", "车辆"}},
	{"宴请", []string{"宴请", "吃请", "吃喝", "私人会所"}},
	{"礼金", []string{"礼金", "礼品", "红包", "购物卡", "土特产"}},
	{"公务接待", []string{"公务接待", "接待费", "接待清单", "陪餐"}},
	{"基层负担", []string{"文山会海", "基层负担", "发文", "填表报数", "检查考核", "留痕", "重痕迹"}},
	{"报销", []string{"报销", "白条", "发票", "会计凭证", "票据"}},
	{"采购", []string{"采购", "招标", "供应商"}},
	{"资产", []string{"固定资产", "国有资产", "资产", "账实不符", "盘点"}},
	{"理论学习", []string{"理论学习", "中心组学习", "学习笔记", "集中学习", "学习教育", "以干代学", "专题研讨"}},
	{"意识形态", []string{"意识形态", "新媒体", "公众号", "讲座论坛", "宣传栏"}},
	{"主体责任", []string{"主体责任", "一岗双责", "管党治党", "压力传导", "责任传导", "全面从严治党"}},
	{"三重一大", []string{"三重一大", "集体研究", "集体决策", "议事规则", "说了算", "末位表态"}},
	{"选人用人", []string{"选人用人", "选拔任用", "干部任免", "干部档案", "考察材料", "试用期", "职数", "轮岗"}},
	{"兼职经商", []string{"兼职", "经商办企业", "经商"}},
	{"信访", []string{"信访", "诉求", "12345", "急难愁盼", "服务窗口", "群众办事"}},
	{"安全生产", []string{"安全生产", "安全隐患", "隐患排查", "消防", "危险化学品", "危险源", "应急预案"}},
	{"保密", []string{"保密", "涉密"}},
	{"档案", []string{"档案"}},
	{"工程", []string{"工程", "竣工", "招投标", "未批先建"}},
	{"预算", []string{"预算", "突击花钱", "结转结余", "专项资金", "专款专用"}},
	{"惠民资金", []string{"惠民", "惠农", "低保", "救助", "补贴资金", "优亲厚友"}},
	{"村务", []string{"村务", "村级", "村集体", "三资", "四议两公开", "村干部"}},
	{"监督", []string{"四种形态", "谈心谈话", "诫勉", "廉政风险", "日常监督", "纪检委员", "监督执纪"}},
	{"巡察整改", []string{"巡察整改", "巡察反馈", "巡察移交", "整改台账", "整改销号", "整改措施"}},
	{"干部培养", []string{"教育培训", "培训", "年轻干部", "后备干部", "人才"}},
	{"网络安全", []string{"网络安全", "漏洞", "等级保护", "弱口令", "防病毒", "数据备份", "运维"}},
	{"考勤", []string{"考勤", "迟到早退", "脱岗", "请销假", "值班", "签到", "离岗"}},
	{"办公用房", []string{"办公用房", "办公室"}},
	{"津补贴", []string{"津贴", "补贴", "奖金", "福利", "慰问金", "绩效工资", "劳务费", "误餐"}},
	{"担当作为", []string{"担当", "推诿扯皮", "不作为", "慢作为", "躺平", "按部就班"}},
	{"统计", []string{"统计", "报表", "虚报瞒报"}},
	{"合同", []string{"合同"}},
	{"食堂", []string{"食堂", "食材", "留样", "健康证", "光盘行动"}},
	{"生态环保", []string{"生态环境", "环保", "污水", "排污", "垃圾", "扬尘", "河长制", "秸秆"}},
}

// conceptPrefix marks a concept term; no text gram starts with it.
const conceptPrefix = "#"

// addConcepts counts one term per concept the text names.
func addConcepts(text string, into map[string]int) {
	for _, c := range concepts {
		for _, w := range c.words {
			if strings.Contains(text, w) {
				into[conceptPrefix+c.name]++
				break
			}
		}
	}
}
