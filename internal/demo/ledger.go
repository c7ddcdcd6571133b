package demo

import (
	"rectify/internal/ledger"
)

// item is one demo problem with one measure and the state to drive it to.
type item struct {
	batch    int
	branch   string
	category string
	problem  string
	measure  string
	owner    string
	kind     ledger.Kind
	due      int // days from today; the demo is driven today, so a closed item with a past due date was closed late
	state    string
}

var items = []item{
	{0, "办公室党支部", "政治建设方面", "学习贯彻党的创新理论不够深入，第一议题制度落实存在以会代学现象", "完善第一议题学习制度，建立学习台账，每月开展一次专题研讨", "zhangsan", ledger.KindDeadline, -12, "overdue"},
	{0, "办公室党支部", "政治建设方面", "意识形态工作责任制落实不到位，阵地管理存在薄弱环节", "梳理宣传阵地清单，落实审核把关责任人", "lisi", ledger.KindDeadline, 4, "progress"},
	{0, "办公室党支部", "组织建设方面", "“三会一课”记录不规范，部分支部党员大会会议记录缺失", "对照规范补齐会议记录，建立月度检查机制", "zhangsan", ledger.KindImmediate, 10, "closed"},
	{0, "办公室党支部", "作风建设方面", "公文办理时限意识不强，个别文件办理超期", "建立公文办理督办提醒制度，每周通报办理情况", "lisi", ledger.KindDeadline, 20, "submitted"},
	{0, "业务一科党支部", "业务工作方面", "项目审批流程不够清晰，办事群众反映多次跑腿", "编制审批事项清单和办事指南，推行一次性告知", "wangwu", ledger.KindDeadline, -3, "overdue"},
	{0, "业务一科党支部", "业务工作方面", "窗口服务规范执行不严，存在态度生硬问题", "开展窗口服务规范专题培训，建立群众评价回访机制", "zhaoliu", ledger.KindDeadline, 6, "open"},
	{0, "业务一科党支部", "廉政建设方面", "廉政风险点排查不全面，防控措施针对性不强", "重新梳理岗位廉政风险点，制定一岗一策防控措施", "wangwu", ledger.KindDeadline, 35, "progress"},
	{0, "业务一科党支部", "廉政建设方面", "违规收受礼品礼金问题警示教育覆盖不全", "组织警示教育大会，签订廉洁承诺书", "zhaoliu", ledger.KindImmediate, 5, "closed"},
	{0, "业务二科党支部", "组织建设方面", "发展党员工作程序不够严谨，培养考察材料不完整", "对近三年发展党员档案逐一核查，补齐缺失材料", "sunqi", ledger.KindDeadline, -8, "overdue"},
	{0, "业务二科党支部", "作风建设方面", "调查研究不够深入，调研报告质量不高", "制定年度调研计划，每季度形成一篇高质量调研报告", "sunqi", ledger.KindLongTerm, 180, "progress"},
	{0, "业务二科党支部", "业务工作方面", "数据统计口径不统一，报表多次返工", "统一统计口径，建立数据复核机制", "sunqi", ledger.KindDeadline, 2, "open"},
	{0, "财务审计党支部", "财务管理方面", "公务接待审批手续不完备，存在先接待后审批现象", "严格执行公务接待审批制度，开展专项自查", "zhouba", ledger.KindImmediate, -45, "closed"},
	{0, "财务审计党支部", "财务管理方面", "固定资产账实不符，部分资产未及时入账", "开展资产清查，完善资产登记和处置程序", "wujiu", ledger.KindDeadline, 15, "progress"},
	{0, "财务审计党支部", "财务管理方面", "专项资金使用绩效评价不到位", "建立专项资金绩效评价制度并开展评价", "zhouba", ledger.KindDeadline, -1, "submitted"},
	{0, "财务审计党支部", "廉政建设方面", "政府采购程序执行不严格，个别项目化整为零", "梳理近两年采购项目，完善采购内控制度", "wujiu", ledger.KindDeadline, 40, "open"},
	{0, "离退休干部党支部", "组织建设方面", "离退休党员组织生活参与率不高", "采取线上线下结合方式开展组织生活，建立联系帮扶制度", "zhengshi", ledger.KindLongTerm, 200, "progress"},
	{0, "离退休干部党支部", "服务保障方面", "走访慰问老党员不够经常", "建立走访慰问台账，每季度走访一次", "zhengshi", ledger.KindDeadline, 20, "closed"},
	{0, "办公室党支部", "制度建设方面", "内部管理制度更新不及时，部分制度与实际脱节", "全面梳理内部管理制度，废改立一批制度", "zhangsan", ledger.KindDeadline, 60, "open"},
	{1, "办公室党支部", "理论学习方面", "理论学习满足于读原文、记笔记，学用结合不够紧密", "每季度开展一次学习成果交流，撰写心得体会", "lisi", ledger.KindLongTerm, 120, "progress"},
	{1, "办公室党支部", "担当作为方面", "攻坚克难的勇气不足，遇到复杂问题存在等靠思想", "对照年度重点任务，明确责任人和时间节点", "zhangsan", ledger.KindDeadline, 15, "closed"},
	{1, "业务一科党支部", "群众观念方面", "深入基层一线调研少，联系服务群众不够", "每月至少一次下基层走访，建立问题收集转办机制", "wangwu", ledger.KindDeadline, -5, "overdue"},
	{1, "业务一科党支部", "纪律规矩方面", "对身边的苗头性问题提醒不够及时", "建立谈心谈话制度，每半年开展一轮谈心谈话", "zhaoliu", ledger.KindDeadline, 30, "closed"},
	{1, "业务二科党支部", "担当作为方面", "创新意识不强，工作方法因循守旧", "组织外出学习先进经验，形成改进工作方案", "sunqi", ledger.KindDeadline, 12, "closed"},
	{1, "财务审计党支部", "纪律规矩方面", "执行请示报告制度不够严格", "学习请示报告条例，建立重大事项报告台账", "zhouba", ledger.KindDeadline, -15, "overdue"},
	{1, "财务审计党支部", "理论学习方面", "学习财经法规新政策不及时", "建立新政策学习清单，每月集中学习", "wujiu", ledger.KindDeadline, 5, "open"},
	{1, "离退休干部党支部", "群众观念方面", "对老党员困难诉求回应不及时", "建立诉求登记和限时办结制度", "zhengshi", ledger.KindDeadline, 9, "submitted"},
	{1, "办公室党支部", "作风建设方面", "会议文件过多过长，文山会海问题仍有反弹", "压减会议文件数量，推行短会短文", "lisi", ledger.KindDeadline, -40, "rejected"},
	{1, "业务二科党支部", "纪律规矩方面", "考勤管理不严格，个别人员迟到早退", "严格执行考勤制度，每月通报", "sunqi", ledger.KindImmediate, -2, "extension"},
}
