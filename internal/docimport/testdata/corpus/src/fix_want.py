import json, re
def load(n): return json.load(open(n + '.want.json'))
def save(n, d): open(n + '.want.json', 'w').write(json.dumps(d, ensure_ascii=False, indent=2) + '\n')
NAME = re.compile(r'^.*(?:书记|委员|主任|局长|科长|部长|乡长|镇长|经理|会计师|院长)([\u4e00-\u9fff]{2,3})$')
def clean(d):
    for doc in d:
        for m in doc['measures']:
            if m.get('owner'):
                mm = NAME.match(m['owner'])
                if mm: m['owner'] = mm.group(1)
    return d
def M(title, owner='', dept='', due='', kind='', problem=''):
    m = {'title': title}
    for k, v in (('owner', owner), ('lead_dept', dept), ('due_on', due), ('kind', kind), ('problem', problem)):
        if v: m[k] = v
    return m
def P(title, cat='', progress='', done=False):
    p = {'title': title}
    if cat: p['category'] = cat
    if progress: p['progress'] = progress
    if done: p['done'] = True
    return p
def doc(title, problems, causes, measures, author=''):
    d = {'title': title, 'problems': problems, 'causes': causes, 'measures': measures}
    if author: d['author'] = author
    return d

for n in ['classic_branch', 'democratic_team', 'gb18030_township', 'numbered_categories', 'paren_items', 'theme_circled', 'table_with_text', 'two_in_one', 'web_copy', 'with_toc', 'kinds_dates', 'attachment_prefix', 'attachment_colon']:
    save(n, clean(load(n)))

d = load('attachment_prefix'); d[0]['title'] = 'XX区市场监管局党组巡察反馈意见整改方案'; save('attachment_prefix', d)
d = load('attachment_colon'); d[0]['title'] = '中共XX县委组织部机关支部委员会对照检查材料'; save('attachment_colon', d)
d = load('kinds_dates'); d[0]['measures'][4]['kind'] = 'long_term'; save('kinds_dates', d)
d = load('numbered_categories'); d[0]['measures'][2]['kind'] = 'long_term'; save('numbered_categories', d)
d = load('theme_circled'); d[0]['measures'][2]['kind'] = 'long_term'; save('theme_circled', d)
d = load('web_copy'); d[0]['measures'][0]['due_on'] = '2024-12-31'; save('web_copy', d)
d = load('with_toc')
for m, dept in zip(d[0]['measures'], ['人力资源部', '科技发展部', '财务部', '安全环保部']): m['lead_dept'] = dept
d[0]['measures'][1]['due_on'] = '2024-12-31'; save('with_toc', d)
d = load('two_in_one'); d[1]['author'] = '黄磊'
for m in d[1]['measures']: m['owner'] = '黄磊'
d[1]['measures'][1]['due_on'] = '2024-12-31'; save('two_in_one', d)

save('audit_report', [doc('XX市水务局关于2023年度预算执行审计发现问题整改情况的报告',
    [P('部分项目资金未按规定用途使用', progress='已将挪用资金全部归还原渠道', done=True),
     P('政府采购程序不规范', progress='已组织财务人员开展政府采购法规培训', done=True),
     P('固定资产管理不到位', progress='正在开展固定资产全面清查')], [],
    [M('健全内控制度', due='2024-09-30', kind='deadline'), M('加强财务人员培训', kind='long_term'), M('强化整改成果运用', kind='long_term')])])
save('xuncha_progress', [doc('中共XX县农业农村局党组关于县委巡察组巡察反馈意见整改情况的报告',
    [P('关于“产业帮扶项目效益不高”的问题', '关于“落实乡村振兴战略有差距”方面的问题', '对帮扶项目开展全面评估', True),
     P('关于“农业项目资金拨付滞后”的问题', '关于“落实乡村振兴战略有差距”方面的问题', '建立项目资金拨付台账'),
     P('关于“党组主体责任压得不实”的问题', '关于“全面从严治党责任落实不力”方面的问题', '制定党组落实主体责任清单', True)], [],
    [M('持续巩固整改成果', kind='long_term'), M('建立长效机制', due='2024-12-31', kind='deadline')])])
save('pdf_furniture', [doc('XX街道党工委2023年度民主生活会对照检查材料',
    [P('学习的系统性不强', '在学习贯彻党的创新理论方面'), P('以学促干不够', '在学习贯彻党的创新理论方面'),
     P('招商引资力度不够', '在推动高质量发展方面'), P('老旧小区改造进度偏慢', '在推动高质量发展方面'),
     P('调查研究不够深入', '在密切联系群众方面'), P('解决群众急难愁盼问题不够及时', '在密切联系群众方面')],
    ['理论学习的自觉性不够强', '担当作为的精神有所减退', '群众观点树得不够牢'],
    [M('深化理论武装', '周平', kind='long_term'), M('加快老旧小区改造', '吴伟', due='2024-10-31', kind='deadline'),
     M('提升热线办理质效', '郑洁', kind='immediate')])])
save('personal_first_person', [doc('个人检视剖析材料',
    [P('我对党的创新理论学得不够深入', '在理论学习方面'), P('我面对难题有时存在畏难情绪', '在担当作为方面'), P('我对身边工作人员要求不够严格', '在廉洁自律方面')],
    ['理论学习的自觉性不强', '担当精神有所弱化'],
    [M('坚持不懈加强理论学习', '王建国'), M('勇于担当敢于作为', '王建国', due='2024-12-31', kind='deadline'), M('严格廉洁自律', '王建国', kind='long_term')], author='王建国')])
save('personal_signoff', [doc('2023年度组织生活会个人对照检查材料',
    [P('政治理论学习不够深入'), P('业务能力有待提高'), P('工作作风不够扎实')], [],
    [M('坚持每天学习不少于一小时', '李秀英'), M('系统学习业务新规定', '李秀英', due='2024-06-30', kind='deadline'), M('每月深入一线调研不少于两次', '李秀英', kind='immediate')], author='李秀英')])
P1, P2, P3 = '学习贯彻党的创新理论不够深入', '建筑工地扬尘治理监管不力', '保障性住房分配管理不规范'
save('table_merged', [doc('中共XX区住房和城乡建设局党组关于区委第三巡察组反馈意见的整改方案', [P(P1), P(P2), P(P3)], [],
    [M('修订党组理论学习中心组学习制度', '张伟', '办公室', '2024-03-31', 'deadline', P1),
     M('开展“以案促改”专题研讨', '张伟', '机关党委', '2024-06-30', 'deadline', P1),
     M('将学习情况纳入年度考核', '张伟', '人事科', kind='long_term', problem=P1),
     M('开展建筑工地扬尘专项检查', '刘洋', '建管科', kind='immediate', problem=P2),
     M('全面排查保障房分配对象资格', '陈静', '住房保障科', '2024-12-31', 'deadline', P3),
     M('建立保障房分配公示和动态退出机制', '陈静', '住房保障科', '2024-09-30', 'deadline', P3)])])
P1, P2, P3 = '落实意识形态工作责任制不到位', '公务接待管理不规范', '文物安全巡查不到位'
save('table_two_row_header', [doc('中共XX县文化和旅游局党组巡察整改“三张清单”',
    [P(P1, '党的政治建设方面'), P(P2, '全面从严治党方面'), P(P3, '全面从严治党方面')], [],
    [M('制定意识形态工作责任清单', '周杰', '办公室', '2024-04-30', 'deadline', P1),
     M('每半年开展一次意识形态形势研判', '周杰', '办公室', kind='long_term', problem=P1),
     M('修订公务接待管理办法', '吴敏', '财务室', '2024-03-31', 'deadline', P2),
     M('对2022年以来公务接待开展自查自纠', '吴敏', '财务室', kind='immediate', problem=P2),
     M('建立文物安全巡查台账', '郑涛', '文物股', kind='long_term', problem=P3)])])
P1, P2 = '部分工业园区污水处理设施运行不正常', '饮用水水源保护区内违法建筑未清理'
save('table_variant_headers', [doc('XX市生态环境局关于省生态环境保护督察反馈问题整改落实方案', [P(P1), P(P2)], [],
    [M('开展工业园区污水处理设施专项排查', '黄海', '水生态环境科', '2024-10-31', 'deadline', P1),
     M('对不正常运行的设施限期整改到位', '黄海', '水生态环境科', '2024-10-31', 'deadline', P1),
     M('依法拆除保护区内违法建筑', '林峰', '执法支队', '2024-08-31', 'deadline', P2),
     M('建立水源地巡查长效机制', '林峰', '执法支队', kind='long_term', problem=P2)])])
P1, P2, P3 = '统计数据质量管理责任落实不到位', '防范统计造假工作机制不健全', '基层统计调研不深入'
save('table_category_column', [doc('XX市统计局党组关于市委第五巡察组反馈问题的整改方案',
    [P(P1, '政治建设'), P(P2, '政治建设'), P(P3, '作风建设')], [],
    [M('建立统计数据质量责任追溯制度', '谢明', '法规科', '2024-06-30', 'deadline', P1),
     M('开展统计造假专项治理', '叶青', '执法队', '2024-05-31', 'deadline', P2),
     M('建立统计违法举报受理机制', '叶青', '执法队', kind='long_term', problem=P2),
     M('领导班子每人每年调研不少于4次', '叶青', '办公室', '2024-12-31', 'deadline', P3)])])
