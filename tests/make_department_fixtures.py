"""Lists of departments other than the HR bureau, written for this project from the
national model of each department's functions (三定 规定 wording), with gold JSON, and
rendered in the TAB layouts users have:

    python -m tests.make_department_fixtures

- ``tests/data/departments/NAME.json``: the gold (the fields of ../shared/gold/*.json).
- ``NAME.tab.txt``: a table copied out of a word processor, one cell per line led by a TAB,
  a blank line after each row (as the hongjiang sample).
- ``NAME.tsv.txt``: a spreadsheet saved as tab-delimited text, one row per line.

The gold below is the source; the texts are rendered by :func:`blocks_of` of
make_format_fixtures, which also writes the Word and Excel fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.make_format_fixtures import T, blocks_of

OUT = Path(__file__).resolve().parent / "data" / "departments"


def _resp(seq, text, *items):
    return {"seq": seq, "seq_inferred": False, "text": text,
            "items": [{"text": t, "office": o, "remark": None} for t, o in items]}


def _bound(seq, matter, *parties):
    return {"seq": seq, "matter": matter, "basis": None, "case": None,
            "parties": [{"department": d, "duty": u} for d, u in parties]}


def _regime(label, title, *parts):
    cn = "一二三四五六七八九十"
    return {"seq_label": label, "title": title,
            "parts": [{"label": f"{cn[i]}、", "heading": h} for i, h in enumerate(parts)]}


def _service(seq, item, office, phone, content=None):
    return {"seq": seq, "item": item, "content": content, "office": office, "phone": phone}


GOLD = {
    "shimen": {
        "source": "shimen", "region": "石门县", "department": "石门县市场监督管理局",
        "responsibilities": [
            _resp(1, "负责全县市场综合监督管理。贯彻执行市场监督管理、知识产权的法律法规和方针政策，组织实施质量强县战略、食品安全战略和标准化战略。",
                  ("拟订并组织实施全县市场监督管理有关规划", "综合股"),
                  ("规范和维护市场秩序，营造诚实守信、公平竞争的市场环境", "法规股")),
            _resp(2, "负责市场主体统一登记注册。指导各类企业、农民专业合作社和从事经营活动的单位、个体工商户登记注册工作。",
                  ("建立市场主体信息公示和共享机制，依法公示和共享有关信息", "登记注册股"),
                  ("加强信用监管，推动市场主体信用体系建设", "信用监管股")),
            _resp(3, "负责组织和指导市场监管综合执法工作。",
                  ("组织查处重大违法案件", "执法大队"),
                  ("规范市场监管行政执法行为", "法规股")),
            _resp(4, "负责产品质量安全监督管理。",
                  ("管理产品质量安全风险监控、县级监督抽查工作", "质量发展股"),
                  ("组织实施质量分级制度、质量安全追溯制度", "质量发展股"),
                  ("指导工业产品生产许可管理", "产品质量安全监督管理股")),
            _resp(5, "负责食品安全监督管理综合协调。组织制定食品安全重大政策并组织实施，负责食品安全应急体系建设。",
                  ("组织指导重大食品安全事件应急处置和调查处理工作", "食品安全协调股"),
                  ("建立健全食品安全重要信息直报制度", "食品安全协调股")),
        ],
        "boundaries": [
            _bound(1, "食品安全监督管理", ("县市场监督管理局", "负责食品生产、食品销售、餐饮服务环节的监督管理"),
                   ("县农业农村局", "负责食用农产品从种植养殖环节到进入批发、零售市场或生产加工企业前的质量安全监督管理")),
            _bound(2, "药品零售监督管理", ("县市场监督管理局", "负责药品零售、医疗器械经营的许可、检查和处罚"),
                   ("县卫生健康局", "负责医疗机构药品使用的规范管理")),
        ],
        "regimes": [
            _regime("（一）", "双随机一公开监管", "监督检查对象", "监督检查方式", "监督检查处理"),
            _regime("（二）", "特种设备安全监管", "监督检查对象", "监督检查内容", "监督检查程序"),
        ],
        "services": [
            _service(1, "企业开办登记咨询", "登记注册股", "0736-5322101"),
            _service(2, "消费投诉举报受理", "消费者权益保护股", "12315"),
            _service(3, "计量器具检定咨询", "计量股", "0736-5322315"),
        ],
    },
    "longshan": {
        "source": "longshan", "region": "龙山县", "department": "龙山县教育局",
        "responsibilities": [
            _resp(1, "贯彻执行国家、省、州有关教育工作的方针政策和法律法规，拟订全县教育改革与发展规划并组织实施。",
                  ("起草全县教育发展规划和年度工作计划", "办公室"),
                  ("统筹推进教育综合改革", "政策法规股")),
            _resp(2, "负责全县各级各类教育的统筹规划和协调管理。",
                  ("指导学前教育、义务教育、特殊教育工作", "基础教育股"),
                  ("推进义务教育均衡发展和促进教育公平", "基础教育股")),
            _resp(3, "负责全县教育经费的统筹管理。",
                  ("参与拟订教育经费筹措、教育拨款、教育基建投资的政策", "计划财务股"),
                  ("统计、管理全县教育经费投入情况", "计划财务股")),
            _resp(4, "负责全县学生资助工作的统筹管理。",
                  ("落实学生资助政策，管理学生资助资金", "学生资助管理中心")),
            _resp(5, "主管全县教师工作，指导教师队伍建设。",
                  ("组织实施教师资格制度", "人事股"),
                  ("指导教师培训和师德师风建设", "教师工作股")),
        ],
        "boundaries": [
            _bound(1, "校外培训机构监管", ("县教育局", "负责面向中小学生的学科类校外培训机构的审批和日常监管"),
                   ("县市场监督管理局", "负责校外培训机构收费、广告、反不正当竞争等方面的监管")),
            _bound(2, "学校食品安全", ("县教育局", "督促学校落实食品安全校长负责制"),
                   ("县市场监督管理局", "负责学校食堂食品安全的监督检查")),
        ],
        "regimes": [
            _regime("（一）", "民办学校年度检查", "检查对象", "检查内容", "检查方式"),
            _regime("（二）", "教师资格认定监管", "监管对象", "监管措施", "处理办法"),
        ],
        "services": [
            _service(1, "教师资格认定咨询", "人事股", "0743-6222031"),
            _service(2, "学生资助政策咨询", "学生资助管理中心", "0743-6222118"),
            _service(3, "学籍转接办理", "基础教育股", "0743-6222045"),
        ],
    },
    "hecheng": {
        "source": "hecheng", "region": "鹤城区", "department": "怀化市自然资源和规划局鹤城分局",
        "responsibilities": [
            _resp(1, "履行全民所有土地、矿产、森林等自然资源资产所有者职责和所有国土空间用途管制职责。",
                  ("贯彻执行自然资源和国土空间规划的法律法规", "办公室"),
                  ("落实自然资源资产有偿使用制度", "自然资源所有者权益股")),
            _resp(2, "负责自然资源调查监测评价。",
                  ("组织实施全区自然资源基础调查、专项调查和监测", "调查监测股"),
                  ("统一管理自然资源调查监测评价成果", "调查监测股")),
            _resp(3, "负责自然资源统一确权登记工作。",
                  ("组织实施不动产登记", "不动产登记中心")),
            _resp(4, "负责建立空间规划体系并监督实施。",
                  ("组织编制国土空间规划和相关专项规划", "国土空间规划股"),
                  ("承担报区政府审批的国土空间规划的审核工作", "国土空间规划股")),
            _resp(5, "负责统筹国土空间生态修复。",
                  ("承担国土空间综合整治、土地整理复垦等工作", "生态修复股"),
                  ("组织实施矿山地质环境恢复治理", "矿产资源管理股")),
        ],
        "boundaries": [
            _bound(1, "耕地保护", ("自然资源和规划分局", "负责耕地数量、质量、生态保护，组织实施耕地保护责任目标考核"),
                   ("区农业农村局", "负责永久基本农田质量建设和耕地质量管理")),
            _bound(2, "林地管理", ("自然资源和规划分局", "负责林地的确权登记和国土空间用途管制"),
                   ("区林业局", "负责林地的保护和利用管理")),
        ],
        "regimes": [
            _regime("（一）", "土地利用动态巡查", "巡查对象", "巡查内容", "巡查处理"),
            _regime("（二）", "测绘地理信息市场监管", "监管对象", "监管方式", "监管处理"),
        ],
        "services": [
            _service(1, "不动产登记查询", "不动产登记中心", "0745-2713566"),
            _service(2, "建设用地规划咨询", "国土空间规划股", "0745-2713520"),
            _service(3, "地质灾害防治咨询", "地质灾害防治股", "0745-2713512"),
        ],
    },
}


def tab_dump(blocks) -> str:
    """One cell per line, each led by a TAB; a blank line ends each row."""
    out: list[str] = []
    for kind, b, _ in blocks:
        if kind == "p":
            out.append(b)
            continue
        assert isinstance(b, T)
        out += ["\t" + h for h in b.header] + [""]
        for vals in b.rows:
            out += ["\t" + (v or "") for v in vals] + [""]
    return "\n".join(out) + "\n"


def tsv_dump(blocks) -> str:
    """One row per line, cells separated by TABs; paragraphs are lines of their own."""
    out: list[str] = []
    for kind, b, _ in blocks:
        if kind == "p":
            out.append(b)
            continue
        out.append("\t".join(b.header))
        out += ["\t".join(v or "" for v in vals) for vals in b.rows]
    return "\n".join(out) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, gold in GOLD.items():
        gold = dict(gold, notes=["Written for rlist-ingest from the national model of the department's functions."])
        (OUT / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        blocks = blocks_of(gold)
        (OUT / f"{name}.tab.txt").write_text(tab_dump(blocks), encoding="utf-8")
        (OUT / f"{name}.tsv.txt").write_text(tsv_dump(blocks), encoding="utf-8")
    print(len(GOLD), "lists written to", OUT)


if __name__ == "__main__":
    main()
