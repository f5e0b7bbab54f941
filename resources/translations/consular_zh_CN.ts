<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/shell/app.py" line="+44"/>
        <source>Consular Workstation</source>
        <translation>领事工作站</translation>
    </message>
</context>
<context>
    <name>AuditCharts</name>
    <message>
        <location filename="../../ui/auditor/charts.py" line="+145"/>
        <source>Counting the decisions…</source>
        <extracomment>More days than this are drawn per ISO week, so the bars stay readable. The workload chart shows the busiest officers. The figures were drawn (DecisionFigures).</extracomment>
        <translation>正在统计审核决定…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Audit charts</source>
        <translation>审计图表</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} decisions match the history&apos;s filter (whatever action it names). Days are UTC days.</source>
        <translation>共 {0} 项审核决定符合历史记录的筛选条件（不论筛选的是何种操作）。日期按协调世界时（UTC）计算。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Decisions per week by outcome</source>
        <translation>按结果统计的每周审核决定数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Decisions per day by outcome</source>
        <translation>按结果统计的每日审核决定数</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Decisions</source>
        <translation>审核决定数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Median time from submission to decision</source>
        <translation>从提交到作出决定的时间中位数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Median hours per day</source>
        <translation>每日中位数（小时）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Decisions per officer</source>
        <translation>各审核官员的审核决定数</translation>
    </message>
</context>
<context>
    <name>AuditExporter</name>
    <message>
        <location filename="../../ui/auditor/export.py" line="+66"/>
        <source>Export the history as CSV</source>
        <extracomment>An export finished: (file, entries written). An export started (True) or ended either way (False).</extracomment>
        <translation>将历史记录导出为 CSV</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export the history as a PDF report</source>
        <translation>将历史记录导出为 PDF 报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>CSV export</source>
        <translation>CSV 导出</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>PDF export</source>
        <translation>PDF 导出</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>who: {0}</source>
        <translation>操作人：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>action: {0}</source>
        <translation>操作：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>outcome: {0}</source>
        <translation>结果：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>nationality: {0}</source>
        <translation>国籍：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mission: {0}</source>
        <translation>使领馆：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>from {0}</source>
        <translation>自 {0} 起</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>before {0}</source>
        <translation>{0} 之前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>notes containing “{0}”</source>
        <translation>备注包含“{0}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none: the whole history</source>
        <translation>无：全部历史记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>oldest first</source>
        <translation>最早的在前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>descending</source>
        <translation>降序</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ascending</source>
        <translation>升序</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Audit history — {0}</source>
        <translation>审计历史记录 — {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exported by</source>
        <translation>导出人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exported at</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter</source>
        <translation>筛选条件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order</source>
        <translation>排序</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entries</source>
        <translation>条目数</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Integrity</source>
        <translation>完整性</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This report lists the first {0} of {1} entries; the CSV export holds them all.</source>
        <translation>本报告仅列出 {1} 条记录中的前 {0} 条；CSV 导出文件包含全部记录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Page {0}</source>
        <translation>第 {0} 页</translation>
    </message>
</context>
<context>
    <name>AuditFilterBar</name>
    <message>
        <location filename="../../ui/auditor/filters.py" line="+49"/>
        <source>Who</source>
        <extracomment>A date edit at this day means &quot;no bound&quot; (shown as &quot;any day&quot;).</extracomment>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mission</source>
        <translation>使领馆</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The audit log of this mission</source>
        <translation>本使领馆的审计日志</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Text in notes…</source>
        <translation>备注中的文字…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exceptions only</source>
        <translation>仅例外</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approvals over failed checks, their countersignatures and send-backs</source>
        <translation>对未通过检查的批准、其会签与退回</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the whole history</source>
        <translation>显示全部历史记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>any day</source>
        <translation>不限日期</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Anyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any action</source>
        <translation>所有操作</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any outcome</source>
        <translation>所有结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Any nationality</source>
        <translation>所有国籍</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any mission</source>
        <translation>所有使领馆</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Mission: {0}</source>
        <translation>使领馆：{0}</translation>
    </message>
</context>
<context>
    <name>AuditHistoryModel</name>
    <message>
        <location filename="../../ui/auditor/history_model.py" line="+154"/>
        <source>Counting the history</source>
        <extracomment>Windows kept in memory (the view shows one or two; scrolling back is free for a while). The table&apos;s columns are the history&apos;s (`review.audit.columns`); the headings are translated here. The number of entries the filter matches, once known.</extracomment>
        <translation>正在统计历史记录</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Local time; sorting follows the log&apos;s order</source>
        <translation>本地时间；按日志顺序排序</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not sortable</source>
        <translation>不可排序</translation>
    </message>
</context>
<context>
    <name>AuditHistoryView</name>
    <message>
        <location filename="../../ui/auditor/history_view.py" line="+58"/>
        <source>Case timeline</source>
        <extracomment>The auditor asked for a case&apos;s timeline (Enter or double click on one of its entries). The filter changed (AuditFilter), after the table shows it.</extracomment>
        <translation>案件时间线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every step of the selected entry&apos;s case</source>
        <translation>所选条目对应案件的全部处理步骤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Show {0} new entries</source>
        <translation>显示 {0} 条新记录</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Counting the entries…</source>
        <translation>正在统计条目…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 entry</source>
        <translation>1 条记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} entries</source>
        <translation>{0} 条记录</translation>
    </message>
</context>
<context>
    <name>AuditLabels</name>
    <message>
        <location filename="../../ui/auditor/labels.py" line="+24"/>
        <source>Signed in</source>
        <extracomment>One colour per decision outcome, the same in the table, the timeline and the charts.</extracomment>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account locked</source>
        <translation>账户已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>提交申报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-declared</source>
        <translation>重新申报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Superseded</source>
        <translation>被新申报取代</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claimed</source>
        <translation>领取案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Released</source>
        <translation>释放案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claim expired</source>
        <translation>领取已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document viewed</source>
        <translation>查看材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided</source>
        <translation>作出审核决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Countersigned</source>
        <translation>已会签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent back to officer</source>
        <translation>已退回审核官员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Materials sent</source>
        <translation>已补充材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed</source>
        <translation>打印证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprinted</source>
        <translation>补发证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate revoked</source>
        <translation>吊销证书</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Traveller</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
</context>
<context>
    <name>AuditWorkspace</name>
    <message>
        <location filename="../../ui/auditor/workspace.py" line="+48"/>
        <source>History</source>
        <extracomment>A short message for the status bar. The audit log was fetched after a sync (AuditFetch).</extracomment>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case timeline</source>
        <translation>案件时间线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declarations</source>
        <translation>申报</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{0} new audit entries fetched</source>
        <translation>已获取 {0} 条新的审计记录</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0} entries exported to {1}</source>
        <translation>已将 {0} 条记录导出至 {1}</translation>
    </message>
</context>
<context>
    <name>BatchProgress</name>
    <message>
        <location filename="../../ui/clerk/progress.py" line="+27"/>
        <source>Printing certificates</source>
        <translation>正在打印证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signing and printing {0} certificates…</source>
        <translation>正在签名并打印 {0} 份证书…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Stopping after the current certificate… what was printed is recorded.</source>
        <translation>将在当前证书打印完成后停止…已打印的证书均会记录在案。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Printed {0} of {1} certificates (last: {2})</source>
        <translation>已打印 {0}/{1} 份证书（最近一份：{2}）</translation>
    </message>
</context>
<context>
    <name>CaseMarks</name>
    <message>
        <location filename="../../ui/officer/inspector/case_work.py" line="+71"/>
        <source>Searching the report&apos;s text</source>
        <translation>正在检索报告文字</translation>
    </message>
</context>
<context>
    <name>CaseTimelineView</name>
    <message>
        <location filename="../../ui/auditor/timeline.py" line="+94"/>
        <source>Documents as they were when decided</source>
        <extracomment>The documents of every decision were compared: list[DocumentCheck].</extracomment>
        <translation>作出决定时的材料状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Decision / document</source>
        <translation>审核决定 / 材料</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SHA-256 recorded</source>
        <translation>记录的 SHA-256</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No case chosen</source>
        <translation>未选择案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double-click an entry of a case in the history.</source>
        <translation>请在历史记录中双击某个案件的条目。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No decision yet</source>
        <translation>尚未作出审核决定</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking the documents…</source>
        <translation>正在检查材料…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Case {0}</source>
        <translation>案件 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (this one)</source>
        <translation>（本案件）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Case {0} · versions: {1} · {2} steps</source>
        <translation>案件 {0} · 各版本：{1} · 共 {2} 个步骤</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> (version {0})</source>
        <translation>（版本 {0}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Entry #{0}, {1}</source>
        <translation>第 {0} 条记录，{1}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Check shown</source>
        <translation>显示的检查结果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Documents (SHA-256)</source>
        <translation>材料（SHA-256）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed code (SHA-256)</source>
        <translation>所印二维码（SHA-256）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed at (clerk&apos;s clock)</source>
        <translation>打印时间（制证员本机时钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided at (officer&apos;s clock)</source>
        <translation>决定时间（审核官员本机时钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document (SHA-256)</source>
        <translation>材料（SHA-256）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document</source>
        <translation>材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Officer</source>
        <translation>审核官员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claim for (seconds)</source>
        <translation>领取时长（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replaces case</source>
        <translation>取代的案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replaced by case</source>
        <translation>被以下案件取代</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-declarations so far</source>
        <translation>已重新申报次数</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Checking the decided documents</source>
        <translation>正在检查已作出决定的材料</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✓ matches</source>
        <translation>✓ 一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ differs</source>
        <translation>✗ 不一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no document hashes recorded</source>
        <translation>未记录材料哈希值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not checked: documents not downloaded</source>
        <translation>未检查：材料尚未下载</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✓ same bytes</source>
        <translation>✓ 内容相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ bytes differ</source>
        <translation>✗ 内容不同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ not in the case</source>
        <translation>✗ 不在本案件中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ not recorded by the decision</source>
        <translation>✗ 审核决定中无记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not downloaded</source>
        <translation>未下载</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Decision #{0}: {1}, {2}</source>
        <translation>第 {0} 条审核决定：{1}，{2}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(unknown document)</source>
        <translation>（未知材料）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stored bytes hash to {0}</source>
        <translation>已存储内容的哈希值为 {0}</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/common/case_view.py" line="+131"/>
        <source>Select a case in the queue, or press Next case.</source>
        <extracomment>A row of a group: label and value, and the declared fact the value is (if a link). The officer asked where the documents state a declared fact (a `DeclaredFact`).</extracomment>
        <translation>请在队列中选择案件，或点击“下一个案件”。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Show in the document: {0}</source>
        <translation>在材料中显示：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show where the document states this (Enter)</source>
        <translation>显示材料中写明此项的位置（回车）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>sampled {0}</source>
        <translation>采样于 {0}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-declarations</source>
        <translation>重新申报次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Claimed by</source>
        <translation>领取人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} until {1}</source>
        <translation>{0}，至 {1}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Decision</source>
        <translation>审核决定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>submitted {0}, case {1}</source>
        <translation>提交于 {0}，案件 {1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Same trip also declared at another mission (possible duplicate)</source>
        <translation>同一行程也在其他使领馆申报（可能重复）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Declared by another person</source>
        <translation>由他人代为申报</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Declarant</source>
        <translation>代申报人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relationship</source>
        <translation>与本人关系</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+20"/>
        <source>Mobile phone</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Holder</source>
        <translation>持证人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name (travel document)</source>
        <translation>姓名（与旅行证件一致）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese name</source>
        <translation>中文姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Identity</source>
        <translation>身份类别</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Travel document</source>
        <translation>旅行证件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issued by</source>
        <translation>签发国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Residence and employer</source>
        <translation>海外住址及工作单位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer or school</source>
        <translation>工作单位或学校</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Flight {0}</source>
        <translation>航班 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}  {1} → {2}, departs {3}</source>
        <translation>{0}  {1} → {2}，{3} 起飞</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Transit</source>
        <translation>中转地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port of entry</source>
        <translation>入境口岸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrival date</source>
        <translation>抵达日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Itinerary and port of entry</source>
        <translation>行程及入境口岸</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}, sampled {1}, {2}, {3}</source>
        <translation>{0}，采样时间 {1}，{2}，{3}</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+3"/>
        <source>Tests</source>
        <translation>检测</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>none declared</source>
        <translation>未申报</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Dose {0} of {1}</source>
        <translation>第 {0} 剂（共 {1} 剂）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}, {1}, {2}</source>
        <translation>{0}，{1}，{2}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Vaccinations</source>
        <translation>疫苗接种</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Earlier test</source>
        <translation>既往检测</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>recovered {0}</source>
        <translation>已于 {0} 康复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not recovered</source>
        <translation>未康复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Diagnosis</source>
        <translation>确诊</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test history and diagnoses</source>
        <translation>检测史及确诊情况</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Version {0} → {1}</source>
        <translation>版本 {0} → {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (this one)</source>
        <translation>（本版本）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no field changed</source>
        <translation>无字段变更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-declaration history</source>
        <translation>重新申报记录</translation>
    </message>
</context>
<context>
    <name>CertificatePreview</name>
    <message>
        <location filename="../../ui/clerk/preview.py" line="+107"/>
        <source>Previous certificate of the selection</source>
        <extracomment>The clerk asks for the previous (-1) or next (+1) certificate of the batch.</extracomment>
        <translation>所选的上一张证书</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next certificate of the selection</source>
        <translation>所选的下一张证书</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select an approved case to see its certificate.</source>
        <translation>请选择一个已批准的案件以查看其证书。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Certificate {0} of {1}: {2} (REPRINT)
{3}</source>
        <translation>第 {0} 张，共 {1} 张：{2}（补打）
{3}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate {0} of {1}: {2}
{3}</source>
        <translation>第 {0} 张，共 {1} 张：{2}
{3}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PREVIEW · 预览 — not valid</source>
        <translation>预览 · PREVIEW — 无效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No preview: {0}</source>
        <translation>无法预览：{0}</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <location filename="../../ui/common/check_texts.py" line="+24"/>
        <source>{head}, {tail}</source>
        <translation>{head}，{tail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{head} or {tail}</source>
        <translation>{head}或{tail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{head} and {tail}</source>
        <translation>{head}和{tail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{head}; {tail}</source>
        <translation>{head}；{tail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{head} › {tail}</source>
        <translation>{head} › {tail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{problems} (and {count} more)</source>
        <translation>{problems}（另有{count}项）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} (declared): {value}</source>
        <translation>{label}（申报）：{value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label} (policy): {value}</source>
        <translation>{label}（政策规定）：{value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label}: {value} ({place})</source>
        <translation>{label}：{value}（{place}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page {page}</source>
        <translation>第{page}页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{hours} h</source>
        <translation>{hours}小时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NAAT (PCR)</source>
        <translation>核酸检测（PCR）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IgM antibody</source>
        <translation>IgM抗体检测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IgG antibody</source>
        <translation>IgG抗体检测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inconclusive</source>
        <translation>不确定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>window before departure</source>
        <translation>离境前检测时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first departure</source>
        <translation>首段航班起飞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{flight} at {time}</source>
        <translation>{flight}，{time}起飞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} sample taken</source>
        <translation>{test}采样时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} sample time is after the declaration was submitted</source>
        <translation>{test}采样时间晚于申报提交时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} sample taken after departure</source>
        <translation>{test}在离境后才采样</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} sample taken {taken} before departure, more than the {window} allowed</source>
        <translation>{test}在离境前{taken}采样，超过允许的{window}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no required test declared, so no sample time to measure</source>
        <translation>未申报任何规定检测，无采样时间可核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>samples taken within {window} before departure</source>
        <translation>均在离境前{window}内采样</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sample time in the report</source>
        <translation>报告中的采样时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} shows a sample time of {time}, which is not the declared one</source>
        <translation>{file}显示的采样时间为{time}，与申报不符</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>required tests</source>
        <translation>规定检测项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no {test} test declared</source>
        <translation>未申报{test}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} result</source>
        <translation>{test}结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} result is positive</source>
        <translation>{test}结果为阳性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} result is inconclusive</source>
        <translation>{test}结果不确定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all required tests declared, with negative results</source>
        <translation>所有规定检测均已申报，结果均为阴性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no report uploaded for the {test} test</source>
        <translation>未上传{test}报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>result in the report</source>
        <translation>报告中的结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} says {shown}, the declaration says {declared}</source>
        <translation>{file}显示为{shown}，申报为{declared}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved laboratories</source>
        <translation>认可实验室</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} laboratory</source>
        <translation>{test}实验室</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} laboratory {lab} is not on the approved list</source>
        <translation>{test}实验室{lab}不在认可名单上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{test} laboratory {lab} is approved in {approved}, not in {country}</source>
        <translation>{test}实验室{lab}的认可所在国为{approved}，而非{country}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no test declared, so no laboratory to check</source>
        <translation>未申报任何检测，无实验室可核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>every laboratory is on the approved list</source>
        <translation>所有实验室均在认可名单上</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+80"/>
        <source>holder</source>
        <translation>持证人</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>travel document number</source>
        <translation>旅行证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>holder&apos;s name</source>
        <translation>持证人姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>document number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name in the report</source>
        <translation>报告中的姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>family name in the report</source>
        <translation>报告中的姓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>given name in the report</source>
        <translation>报告中的名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>document number in the report</source>
        <translation>报告中的证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no text</source>
        <translation>无文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the same tests&apos; PDF report was checked</source>
        <translation>已核对同项检测的PDF报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no lab report uploaded to compare with</source>
        <translation>未上传可供比对的检测报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} has not been analysed yet</source>
        <translation>{file}尚未分析</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} cannot be read, so its names were not checked</source>
        <translation>{file}无法读取，未核对其中的姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} is an image with no text to check: compare the name and number by eye</source>
        <translation>{file}是图片，没有可核对的文字：请人工比对姓名和证件号码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{file}: could not read the {fact} with certainty, compare it by eye</source>
        <translation>{file}：无法确切识别{fact}，请人工比对</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chinese name</source>
        <translation>中文姓名</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>{file} has no text layer (a scan?): compare the name and number by eye</source>
        <translation>{file}没有文字层（可能是扫描件）：请人工比对姓名和证件号码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{file} is made out to {name}</source>
        <translation>{file}的受检人为{name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} shows document number {number}</source>
        <translation>{file}显示的证件号码为{number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>holder&apos;s name not found in {file}</source>
        <translation>{file}中未找到持证人姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only the holder&apos;s family name found in {file}</source>
        <translation>{file}中仅找到持证人的姓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>travel document number not found in {file}</source>
        <translation>{file}中未找到旅行证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>holder&apos;s name and document number found in every report</source>
        <translation>每份报告中均找到持证人姓名和证件号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SHA-256 of the file</source>
        <translation>文件的SHA-256值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>analysis</source>
        <translation>分析结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>content type</source>
        <translation>内容类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>producer</source>
        <translation>生成软件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incremental updates</source>
        <translation>增量更新次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>camera {camera}</source>
        <translation>相机 {camera}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>taken {time}</source>
        <translation>拍摄于 {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>software {software}</source>
        <translation>软件 {software}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>active content</source>
        <translation>活动内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedded files</source>
        <translation>嵌入文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>encryption</source>
        <translation>加密</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>structure</source>
        <translation>文件结构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} is not the file that was uploaded (SHA-256 differs)</source>
        <translation>{file}不是上传的原文件（SHA-256不一致）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} cannot be read: {error}</source>
        <translation>{file}无法读取：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} was uploaded as {declared} but is {actual}</source>
        <translation>{file}上传时标为{declared}，实际为{actual}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} was {signs}</source>
        <translation>{file}{signs}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>modified after it was created</source>
        <translation>在创建后被修改过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saved again once</source>
        <translation>被再次保存过一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saved again {count} times</source>
        <translation>被再次保存过{count}次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>modified after it was created and {saved}</source>
        <translation>在创建后被修改过，并且{saved}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} contains scripts or actions, which lab reports never need</source>
        <translation>{file}含有脚本或动作，检测报告不应包含这些内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} has files embedded in it</source>
        <translation>{file}中嵌入了文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} is encrypted</source>
        <translation>{file}已加密</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} is damaged or incomplete</source>
        <translation>{file}已损坏或不完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no documents uploaded</source>
        <translation>未上传任何文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no sign of editing, scripts or damage in any document</source>
        <translation>所有文件均无编辑、脚本或损坏迹象</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>re-declarations</source>
        <translation>重新申报次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>most allowed</source>
        <translation>允许上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>re-declared {count} times, more than the {allowed} allowed</source>
        <translation>已重新申报{count}次，超过允许的{allowed}次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>re-declared {count} times: the traveller cannot re-declare again</source>
        <translation>已重新申报{count}次：旅客不能再重新申报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first declaration, not a re-declaration</source>
        <translation>首次申报，非重新申报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>re-declared {count} of {allowed} times allowed</source>
        <translation>已重新申报{count}次（最多允许{allowed}次）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>trip</source>
        <translation>行程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same trip declared at {mission}</source>
        <translation>同一行程已在 {mission} 申报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>submitted {when}</source>
        <translation>提交于 {when}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this trip is also declared at {missions}: a possible duplicate</source>
        <translation>此行程也在 {missions} 申报：可能重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no other mission holds a declaration of this trip</source>
        <translation>其他使领馆没有此行程的申报</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>family</source>
        <translation>姓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>given</source>
        <translation>名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>chinese</source>
        <translation>中文姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mobile phone</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>travel document</source>
        <translation>旅行证件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>issuing country</source>
        <translation>签发国</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expiry date</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>residence</source>
        <translation>住址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>line</source>
        <translation>详细地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>city</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>country</source>
        <translation>国家</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>employer</source>
        <translation>工作单位或学校</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>identity category</source>
        <translation>身份类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>itinerary</source>
        <translation>行程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>flights</source>
        <translation>航班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>departure airport</source>
        <translation>出发机场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arrival airport</source>
        <translation>到达机场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>departure time</source>
        <translation>起飞时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>transit points</source>
        <translation>中转地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>port of entry</source>
        <translation>入境口岸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arrival date</source>
        <translation>抵达日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tests</source>
        <translation>检测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kind</source>
        <translation>检测类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sample collected at</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>result issued at</source>
        <translation>出具结果时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>laboratory</source>
        <translation>实验室</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vaccinations</source>
        <translation>疫苗接种</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>product</source>
        <translation>疫苗产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>manufacturer</source>
        <translation>生产厂家</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dose number</source>
        <translation>剂次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>total doses</source>
        <translation>总剂次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>date</source>
        <translation>接种日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>history</source>
        <translation>病史</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>previous tests</source>
        <translation>既往检测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diagnoses</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>confirmed on</source>
        <translation>确诊日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recovered on</source>
        <translation>康复日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>declarant</source>
        <translation>申报人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>relationship</source>
        <translation>与持证人关系</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <location filename="../../ui/officer/checks_panel.py" line="+74"/>
        <source>Check</source>
        <extracomment>The officer clicked evidence found in a document: (document id, page or 0, start, end). The officer activated a check: show where the documents state what it used.</extracomment>
        <translation>检查项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>CountersignWorkspace</name>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="+99"/>
        <source>Note to the officer (required to send back)</source>
        <extracomment>A short message for the status bar. An answer was committed to the outbox (its entry id); its delivery follows.</extracomment>
        <translation>给审核官员的说明（退回时必填）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Countersign</source>
        <translation>会签</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send back to the officer</source>
        <translation>退回审核官员</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exceptions waiting for your countersignature</source>
        <translation>等待您会签的例外</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>{0} waiting</source>
        <translation>{0} 项等待中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, {0} answered and waiting in the outbox</source>
        <translation>，{0} 项已答复、在发件箱中待发送</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No exception is waiting.</source>
        <translation>没有等待处理的例外。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Countersigned by {0}; waiting in the outbox, delivered as soon as the server can be reached.</source>
        <translation>已由 {0} 会签；在发件箱中等待，服务器可连接时即发送。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sent back by {0}; waiting in the outbox, delivered as soon as the server can be reached.</source>
        <translation>已由 {0} 退回；在发件箱中等待，服务器可连接时即发送。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Countersigned by {0}; delivered, the case is updated at the next sync.</source>
        <translation>已由 {0} 会签并已送达；下次同步时更新案件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sent back by {0}; delivered, the case is updated at the next sync.</source>
        <translation>已由 {0} 退回并已送达；下次同步时更新案件。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This is your own exception: another supervisor countersigns it.</source>
        <translation>这是您本人作出的例外：须由另一位主管会签。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server refused your answer: {0}</source>
        <translation>服务器拒收了您的答复：{0}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0} by {1} on {2}</source>
        <translation>{1} 于 {2} 作出“{0}”决定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Failed checks the officer overrules:</source>
        <translation>审核官员推翻的未通过检查：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Justification (for the record):</source>
        <translation>理由（仅记录在案）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message to the traveller:</source>
        <translation>给旅客的说明：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reasons:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Write a note: the officer must be told why.</source>
        <translation>请填写说明：须告知审核官员原因。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The note cannot be recorded: {0}</source>
        <translation>无法记录该备注：{0}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Recording the countersignature</source>
        <translation>记录会签</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Sending back the exception for {0} recorded; it is being sent.</source>
        <translation>已记录退回 {0} 的例外，正在发送。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Countersignature for {0} recorded; it is being sent (the certificate is issued when the server has it).</source>
        <translation>已记录对 {0} 的会签，正在发送（服务器收到后签发证书）。</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Countersign the exception for {0}? The certificate is issued.</source>
        <translation>会签 {0} 的例外？证书将随即签发。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the exception for {0} back to the officer?</source>
        <translation>将 {0} 的例外退回审核官员？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>DecisionHold</name>
    <message>
        <location filename="../../ui/officer/decision_hold.py" line="+56"/>
        <source>Undo ({0})</source>
        <translation>撤销（{0}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo the decision</source>
        <translation>撤销决定</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>{0} {1}: recorded in {2} s unless you undo it.</source>
        <translation>{0} {1}：{2} 秒后记录，可在此之前撤销。</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <location filename="../../ui/officer/decision_panel.py" line="+94"/>
        <source>Message to the traveller, in plain words (required to reject or request materials)</source>
        <extracomment>A decision the officer undid, back in the form until they change or record it.</extracomment>
        <translation>给旅客的说明，请用浅白的语言（驳回或要求补充材料时必填）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Justification for the record (never shown to the traveller; required to overrule a failed check)</source>
        <translation>记录在案的理由（不会向旅客显示；推翻未通过的检查时必填）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Claim this case</source>
        <translation>领取此案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record decision  (Ctrl+Enter)</source>
        <translation>记录决定  (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>For the record only:</source>
        <translation>仅记录在案：</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Claim the case to decide it.</source>
        <translation>请先领取案件，再作出决定。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Your exception was sent back by {0}: {1}</source>
        <translation>您的例外已被 {0} 退回：{1}</translation>
    </message>
    <message>
        <location line="+58"/>
        <location line="+55"/>
        <source>Choose approve, reject or request materials.</source>
        <translation>请选择批准、驳回或要求补充材料。</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>Tick at least one reason.</source>
        <translation>请至少勾选一项理由。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write a note: the traveller must be told why.</source>
        <translation>请填写说明：必须告知旅客原因。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The mission&apos;s policy does not allow overruling: {0}. Reject or request materials instead.</source>
        <translation>本馆政策不允许推翻：{0}。请改为驳回或要求补充材料。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Approving over failed checks is an exception: tick each one you overrule.</source>
        <translation>在检查未通过的情况下批准属于例外：请勾选您推翻的每一项检查。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the justification for the record.</source>
        <translation>请填写记录在案的理由。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An exception is the officer&apos;s judgement: tick that reason.</source>
        <translation>例外属于审核官员的判断：请勾选该理由。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Insert one of the mission&apos;s standard phrases…</source>
        <translation>插入本馆的标准用语…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>The decision is incomplete: {0}</source>
        <translation>审核决定不完整：{0}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{0} the declaration of {1} ({2} {3})?</source>
        <translation>确认对 {1}（{2} {3}）的申报作出“{0}”决定？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Confirm decision</source>
        <translation>确认审核决定</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep reviewing</source>
        <translation>继续审核</translation>
    </message>
</context>
<context>
    <name>DocumentChoice</name>
    <message>
        <location filename="../../ui/officer/inspector/document_choice.py" line="+26"/>
        <source>Document</source>
        <translation>材料</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} (not downloaded yet)</source>
        <translation>{0}（尚未下载）</translation>
    </message>
</context>
<context>
    <name>DocumentInspector</name>
    <message>
        <location filename="../../ui/officer/inspector/inspector.py" line="+120"/>
        <source>Document</source>
        <translation>材料</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Text</source>
        <extracomment>UUID, once the page or photo shown is painted with the marks of the case&apos;s checks.</extracomment>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Facts</source>
        <translation>文件信息</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>This case has no documents.</source>
        <translation>本案件没有材料。</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>No case is open.</source>
        <translation>未打开案件。</translation>
    </message>
</context>
<context>
    <name>DocumentNotice</name>
    <message>
        <location filename="../../ui/officer/inspector/notice.py" line="+83"/>
        <source>Not downloaded yet</source>
        <translation>尚未下载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The analysis does not match this file</source>
        <translation>分析结果与此文件不符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This document cannot be shown</source>
        <translation>无法显示此材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This document is damaged</source>
        <translation>此材料已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This document is too large to show</source>
        <translation>此材料过大，无法显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unsupported file type</source>
        <translation>不支持的文件类型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file has not been fetched from the central server yet; it appears here after the next sync.</source>
        <translation>尚未从中央服务器获取该文件；下次同步后将在此显示。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Documents are shown only after the safety analysis has read them.</source>
        <translation>材料须经安全分析读取后方可显示。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The analysis describes other bytes than the stored file, so the file is not shown. Sync again to fetch it anew.</source>
        <translation>分析结果所描述的内容与已存储的文件不同，因此不予显示。请重新同步以再次获取。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The analysis could not read the file:</source>
        <translation>分析无法读取该文件：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is not shown because the analysis found damage in its structure:</source>
        <translation>分析发现该文件结构已损坏，因此不予显示：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It is beyond the limits on pages, size or pixels for documents.</source>
        <translation>该文件超出了对材料页数、大小或像素的限制。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only PDF, JPEG and PNG files are shown.</source>
        <translation>仅显示 PDF、JPEG 和 PNG 文件。</translation>
    </message>
</context>
<context>
    <name>DocumentStage</name>
    <message>
        <location filename="../../ui/officer/inspector/document_stage.py" line="+76"/>
        <source>Opening the photo…</source>
        <translation>正在打开照片…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Opening a photo</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>This photo cannot be shown</source>
        <translation>无法显示此照片</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <location filename="../../ui/officer/inspector/viewer_base.py" line="+44"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
</context>
<context>
    <name>ExceptionBox</name>
    <message>
        <location filename="../../ui/officer/exception_box.py" line="+70"/>
        <source>A failed check here may not be overruled under the mission&apos;s policy: this case cannot be approved.</source>
        <extracomment>The red of a failed check (the same the checks panel and the timeline use).</extracomment>
        <translation>根据本馆政策，此处未通过的检查不得推翻：本案不能批准。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approving over failed checks is an exception: tick each failed check you overrule and justify it for the record. A supervisor countersigns before a certificate is issued.</source>
        <translation>在检查未通过的情况下批准属于例外：请勾选您推翻的每一项未通过的检查，并写明记录在案的理由。签发证书前须由主管会签。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Approving over failed checks is an exception: tick each failed check you overrule and justify it for the record.</source>
        <translation>在检查未通过的情况下批准属于例外：请勾选您推翻的每一项未通过的检查，并写明记录在案的理由。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} (may not be overruled)</source>
        <translation>{0}（不得推翻）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overrule: {0}</source>
        <translation>推翻：{0}</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>It waits for a supervisor&apos;s countersignature; no certificate until then.</source>
        <translation>等待主管会签；在此之前不签发证书。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The certificate is issued at once; the exception is kept in the audit log.</source>
        <translation>证书立即签发；此例外记录在审计日志中。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Approve the declaration of {0} as an EXCEPTION?</source>
        <translation>以例外方式批准 {0} 的申报？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>These checks FAILED and you overrule them:</source>
        <translation>以下检查未通过，您将推翻它们：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Confirm an exception</source>
        <translation>确认例外</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Approve as exception</source>
        <translation>以例外方式批准</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ExceptionsModel</name>
    <message>
        <location filename="../../ui/supervisor/exceptions_model.py" line="+143"/>
        <source>Decided</source>
        <extracomment>The latest answer recorded at this workstation to this very exception (a newer exception on the same case, after a send-back, is a new question), if any.</extracomment>
        <translation>作出审核决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traveller</source>
        <translation>旅客</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Officer</source>
        <translation>审核官员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed checks overruled</source>
        <translation>被推翻的未通过检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Justification</source>
        <translation>理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered here</source>
        <translation>本机答复</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Refused by the server</source>
        <translation>服务器拒收</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Countersigned, waiting to be delivered</source>
        <translation>已会签，等待发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent back, waiting to be delivered</source>
        <translation>已退回，等待发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Countersigned, delivered</source>
        <translation>已会签，已送达</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent back, delivered</source>
        <translation>已退回，已送达</translation>
    </message>
</context>
<context>
    <name>FactsPanel</name>
    <message>
        <location filename="../../ui/officer/inspector/facts_panel.py" line="+103"/>
        <source>The declaration in this document</source>
        <extracomment>Characters of the document&apos;s words quoted beside a declared field. The officer asked where the document states a declared field (a `DeclaredField`).</extracomment>
        <translation>申报内容在本材料中的位置</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Show on page {0}</source>
        <translation>在第 {0} 页显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show where the document states: {0}</source>
        <translation>显示材料中写明此项的位置：{0}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>材料类别</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not analysed yet</source>
        <translation>尚未分析</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not recognised</source>
        <translation>无法识别</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>Media type</source>
        <translation>媒体类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} (uploaded as {1})</source>
        <translation>{0}（上传时标为 {1}）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Producer</source>
        <translation>生成程序</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <location line="+18"/>
        <location line="+7"/>
        <location line="+115"/>
        <source>not stated</source>
        <translation>未注明</translation>
    </message>
    <message>
        <location line="-140"/>
        <source>Creator</source>
        <translation>创建程序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edited after creation</source>
        <translation>创建后经过编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revisions</source>
        <translation>修订版本数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Incremental updates</source>
        <translation>增量更新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JavaScript</source>
        <translation>JavaScript 脚本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pixel size</source>
        <translation>像素尺寸</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} (camera clock, no time zone)</source>
        <translation>{0}（相机时钟，无时区）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Date taken</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Software</source>
        <translation>软件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Damage</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Only part of the text was extracted (limit).</source>
        <translation>仅提取了部分文本（已达上限）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parser</source>
        <translation>解析器</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>none found</source>
        <translation>未发现</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Holder&apos;s name</source>
        <translation>持证人姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Travel document no.</source>
        <translation>旅行证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample time</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not found in this document</source>
        <translation>本材料中未找到</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✓ agrees</source>
        <translation>✓ 一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>found</source>
        <translation>已找到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ contradicts</source>
        <translation>✗ 不符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{0}”, {1}</source>
        <translation>“{0}”，{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} (unsure OCR reading)</source>
        <translation>{0}（OCR 识别不确定）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} ({1} bytes)</source>
        <translation>{0}（{1} 字节）</translation>
    </message>
</context>
<context>
    <name>ImageDecoding</name>
    <message>
        <location filename="../../ui/officer/inspector/decoding.py" line="+38"/>
        <source>The photo could not be shown safely: {0}</source>
        <translation>无法安全显示该照片：{0}</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../ui/officer/inspector/image_viewer.py" line="+142"/>
        <source>Fit to window</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rotate left</source>
        <translation>向左旋转</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rotate right</source>
        <translation>向右旋转</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{0} × {1} px</source>
        <translation>{0} × {1} 像素</translation>
    </message>
</context>
<context>
    <name>IntegrityBanner</name>
    <message>
        <location filename="../../ui/auditor/integrity.py" line="+70"/>
        <source>Re-check</source>
        <extracomment>A verification finished (ChainReport). Entries verified so far, of how many (from the worker thread; Qt queues it).</extracomment>
        <translation>重新核验</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recompute every hash of the local copy and check every signed checkpoint</source>
        <translation>重新计算本地副本的全部哈希值，并核验每个已签名的检查点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-check against the server&apos;s copy</source>
        <translation>对照服务器副本重新核验</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The audit log has not been checked yet</source>
        <translation>审计日志尚未核验</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checking the audit log…</source>
        <translation>正在核验审计日志…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Audit log verification</source>
        <translation>审计日志核验</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0} newer entries are not verified yet.</source>
        <translation>另有 {0} 条较新的记录尚未核验。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>changed</source>
        <translation>被修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>removed</source>
        <translation>被删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>out of order</source>
        <translation>顺序错乱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inserted</source>
        <translation>被插入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>forged checkpoint</source>
        <translation>检查点系伪造</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rewritten after it was signed</source>
        <translation>签名后被改写</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The content of entry {0} is not what was recorded: it was changed.</source>
        <translation>第 {0} 条记录的内容与记录时不符：已被修改。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entries are missing from the log at entry {0}.</source>
        <translation>日志在第 {0} 条处缺少记录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entry {0} does not stand at its place: entries were moved.</source>
        <translation>第 {0} 条记录不在原来的位置：记录被移动过。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entry {0} is not part of the chain: it was inserted.</source>
        <translation>第 {0} 条记录不属于哈希链：系被插入。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The signed checkpoint for entry {0} is not genuine.</source>
        <translation>第 {0} 条记录的已签名检查点并非真实签发。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Entries from entry {0} on were rewritten after the server signed them.</source>
        <translation>自第 {0} 条起的记录在服务器签名后被改写。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The audit log is empty.</source>
        <translation>审计日志为空。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} entries, head hash {1}… (entry {2})</source>
        <translation>共 {0} 条记录，最新哈希值 {1}…（第 {2} 条）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>last signed checkpoint at entry {0}, {1} (key {2})</source>
        <translation>最近的已签名检查点位于第 {0} 条，{1}（密钥 {2}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no signed checkpoint yet</source>
        <translation>尚无已签名的检查点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the server&apos;s copy matches</source>
        <translation>与服务器副本一致</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>✓ Audit log verified</source>
        <translation>✓ 审计日志核验通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (server&apos;s copy)</source>
        <translation>（服务器副本）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✗ TAMPERED at entry #{0}: {1}{2}</source>
        <translation>✗ 第 {0} 条记录遭篡改：{1}{2}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The audit log could not be checked</source>
        <translation>无法核验审计日志</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/common/labels.py" line="+23"/>
        <source>Waiting</source>
        <translation>待审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Awaiting countersignature</source>
        <translation>等待会签</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Materials requested</source>
        <translation>待补充材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Superseded</source>
        <translation>已被新申报取代</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate revoked</source>
        <translation>证书已吊销</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ordinary passport</source>
        <translation>普通护照</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Diplomatic passport</source>
        <translation>外交护照</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Service passport</source>
        <translation>公务护照</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Public affairs passport</source>
        <translation>公务普通护照</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Travel document</source>
        <translation>旅行证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hong Kong/Macao permit</source>
        <translation>港澳居民来往内地通行证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Taiwan permit</source>
        <translation>台湾居民来往大陆通行证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other document</source>
        <comment>travel document type</comment>
        <translation>其他证件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failures</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Officer</source>
        <translation>审核官员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>制证员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request materials</source>
        <translation>要求补充材料</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All checks passed</source>
        <translation>全部检查通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Officer&apos;s judgement (see note)</source>
        <translation>审核官员判断（见备注）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test taken too early</source>
        <translation>检测采样时间过早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Positive test result</source>
        <translation>检测结果阳性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required test missing</source>
        <translation>缺少规定的检测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laboratory not approved</source>
        <translation>检测机构未获认可</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name or document number does not match</source>
        <translation>姓名或证件号码不符</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Document altered</source>
        <translation>材料被篡改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document unreadable</source>
        <translation>材料无法读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document missing</source>
        <translation>缺少材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-declaration limit reached</source>
        <translation>已达重新申报次数上限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Other (see note)</source>
        <translation>其他（见备注）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nucleic acid (PCR)</source>
        <translation>核酸检测（PCR）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IgM antibody</source>
        <translation>IgM抗体检测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IgG antibody</source>
        <translation>IgG抗体检测</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inconclusive</source>
        <translation>结果不确定</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unspecified</source>
        <translation>未说明</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worker</source>
        <translation>务工人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resident abroad</source>
        <translation>海外常住人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Short-term visitor</source>
        <translation>短期访问人员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Crew</source>
        <translation>机组人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PCR report</source>
        <translation>核酸检测报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Antibody report</source>
        <translation>抗体检测报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Combined report</source>
        <translation>核酸及抗体检测报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Travel document scan</source>
        <translation>旅行证件扫描件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Other document</source>
        <comment>kind of uploaded file</comment>
        <translation>其他材料</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tests within the window before departure</source>
        <translation>检测在离境前规定时限内</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Required tests present and negative</source>
        <translation>规定检测齐全且结果为阴性</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Laboratory on the approved list</source>
        <translation>检测机构在认可名单内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name and document number in the report</source>
        <translation>报告中的姓名和证件号码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Document integrity</source>
        <translation>材料完整性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-declarations within the limit</source>
        <translation>重新申报次数未超限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Trip not declared at another mission</source>
        <translation>此行程未在其他使领馆申报</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="+78"/>
        <source>Consular Workstation — {0} ({1}, {2})</source>
        <extracomment>Closing mid-batch waits this long at most for the certificate on the printer and its record. When the session ends, how many times open dialogs are asked to close before the window goes. How often an ended session looks whether the print batch it waits for is done. The window closed and the session is over (SessionEnd); the window is deleted next. Who was signed in (the sign-in dialog offers the name again after the session).</extracomment>
        <translation>领事工作站 — {0}（{1}，{2}）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Countersignatures</source>
        <translation>会签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Finishing the certificate being printed…</source>
        <translation>正在完成打印中的证书…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The session has ended: signing out when this batch is printed.</source>
        <translation>会话已结束：本批打印完成后将退出登录。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The language changes the next time the workstation starts.</source>
        <translation>界面语言将在下次启动工作站时生效。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Refused by the server</source>
        <translation>服务器拒绝</translation>
    </message>
</context>
<context>
    <name>MarksLegend</name>
    <message>
        <location filename="../../ui/officer/inspector/page_marks.py" line="+162"/>
        <source>On the page:</source>
        <extracomment>The outline of the fact the officer asked to see (a check, a declared field).</extracomment>
        <translation>页面标注：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>agrees</source>
        <translation>一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nothing to compare</source>
        <translation>无可比对</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>contradicts / check failed</source>
        <translation>不符 / 检查未通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unsure OCR reading</source>
        <translation>OCR 识别不确定</translation>
    </message>
</context>
<context>
    <name>PageAhead</name>
    <message>
        <location filename="../../ui/officer/inspector/case_work.py" line="+64"/>
        <source>Drawing a page of the report</source>
        <translation>正在绘制报告的一页</translation>
    </message>
</context>
<context>
    <name>PageDrawing</name>
    <message>
        <location filename="../../ui/officer/inspector/page_drawing.py" line="+92"/>
        <source>Drawing a page of the report</source>
        <extracomment>Pictures held at once (about 11 MB each); farther pages come back from the renderer&apos;s compressed cache when they scroll into view again.</extracomment>
        <translation>正在绘制报告的一页</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ui/clerk/signing.py" line="+91"/>
        <location line="+49"/>
        <source>Unlock the signing key</source>
        <translation>解锁签名密钥</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Certificates are signed with the mission&apos;s signing key. Enter its passphrase once for this session; it is not stored.</source>
        <translation>证书使用本馆的签名密钥签名。本次会话中只需输入一次密钥口令；口令不会被保存。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Key passphrase</source>
        <translation>密钥口令</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Enter the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The passphrase is wrong. Try again.</source>
        <translation>口令错误，请重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The signing key cannot be used: {0}</source>
        <translation>签名密钥无法使用：{0}</translation>
    </message>
</context>
<context>
    <name>PdfViewer</name>
    <message>
        <location filename="../../ui/officer/inspector/pdf_viewer.py" line="+93"/>
        <source>Page number</source>
        <extracomment>Until pdfium has measured the pages (with the first one drawn): A4, in points. Pages drawn ahead of the current one, so the next Page Down shows a drawn page.</extracomment>
        <translation>页码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fit page</source>
        <translation>适合页面</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>This page could not be shown safely.
{0}</source>
        <translation>无法安全显示此页。
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drawing page {0}…</source>
        <translation>正在绘制第 {0} 页…</translation>
    </message>
    <message>
        <location line="+204"/>
        <source>of {0}</source>
        <translation>共 {0} 页</translation>
    </message>
</context>
<context>
    <name>PrintJob</name>
    <message>
        <location filename="../../ui/clerk/print_job.py" line="+78"/>
        <source>the folder {0} does not exist</source>
        <translation>文件夹 {0} 不存在</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>the certificates were printed but could not be recorded: {0}</source>
        <extracomment>(holder, why) of cases whose certificate cannot be issued; the batch went on without them the printer or file failed: the batch stopped (English, from the library) every printed certificate is committed to the outbox (False only with `error`) cases done (printed or skipped), total, the holder just done (for the progress label)</extracomment>
        <translation>证书已打印，但未能记录：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the case has no certificate</source>
        <translation>该案件没有证书</translation>
    </message>
</context>
<context>
    <name>PrintLists</name>
    <message>
        <location filename="../../ui/clerk/print_lists.py" line="+22"/>
        <source>All certificates</source>
        <translation>全部证书</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To print</source>
        <translation>待打印</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reprints</source>
        <translation>补打</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>To print {0} · printed {1} · reprints {2}</source>
        <translation>待打印 {0} · 已打印 {1} · 补打 {2}</translation>
    </message>
</context>
<context>
    <name>PrintWorkspace</name>
    <message>
        <location filename="../../ui/clerk/workspace.py" line="+115"/>
        <source>Print…</source>
        <extracomment>A short message for the status bar. A batch ended and what it printed is committed to the outbox (BatchOutcome). Certificate ids printed here (outbox, and this session&apos;s batches not yet recorded).</extracomment>
        <translation>打印…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Select an approved case to see its certificate.</source>
        <translation>请选择一个已批准的案件以查看其证书。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Select approved cases to print their certificates (Shift or Ctrl for several).</source>
        <translation>请选择已批准的案件以打印其证书（按住 Shift 或 Ctrl 可多选）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} selected: {1} can be printed.</source>
        <translation>已选择 {0} 个案件：{1} 个可以打印。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} printed before: printed again as REPRINT.</source>
        <translation>其中 {0} 个曾经打印过：将作为补发件（REPRINT）再次打印。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>⚠ {0}: issued through an EXCEPTION (overruled: {1}), countersigned by {2}.</source>
        <translation>⚠ {0}：以例外方式签发（被推翻：{1}），由 {2} 会签。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⚠ {0}: issued through an EXCEPTION (overruled: {1}).</source>
        <translation>⚠ {0}：以例外方式签发（被推翻：{1}）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}: not printed. The certificate was revoked on {1} because the traveller re-declared; a revoked certificate must never be printed.</source>
        <translation>{0}：未打印。因旅客重新申报，该证书已于 {1} 吊销；已吊销的证书一律不得打印。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0}: not printed. The certificate was revoked because the traveller re-declared; a revoked certificate must never be printed.</source>
        <translation>{0}：未打印。因旅客重新申报，该证书已被吊销；已吊销的证书一律不得打印。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: not printed. The case is not approved, so it has no certificate.</source>
        <translation>{0}：未打印。该案件未获批准，因此没有证书。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Print records</source>
        <translation>打印记录</translation>
    </message>
    <message>
        <location line="+30"/>
        <location line="+20"/>
        <source>Print certificates</source>
        <translation>打印证书</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Save certificates as PDF</source>
        <translation>将证书另存为 PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>At most {0} copies can be printed at a time.</source>
        <translation>每次最多打印 {0} 份。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Printing stopped</source>
        <translation>打印已停止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Some certificates could not be issued</source>
        <translation>部分证书无法签发</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was printed.</source>
        <translation>未打印任何证书。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled: {0} of {1} certificates printed and recorded.</source>
        <translation>已取消：{1} 份证书中已打印并记录 {0} 份。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} of {1} certificates printed and recorded.</source>
        <translation>{1} 份证书中已打印并记录 {0} 份。</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ui/common/queue_model.py" line="+79"/>
        <source>departed</source>
        <extracomment>The value a column sorts by (a datetime for the times), where the text is relative. What an officer scans first comes first: who, how urgent, what the checks say. The clerk&apos;s: who, whether and when printed, how urgent.</extracomment>
        <translation>已起飞</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>in {0} d {1} h</source>
        <translation>{0}天{1}小时后</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in {0} h {1} min</source>
        <translation>{0}小时{1}分后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in {0} min</source>
        <translation>{0}分钟后</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Departure</source>
        <translation>离境时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Holder</source>
        <translation>持证人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Travel document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checks</source>
        <translation>自动检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-declarations</source>
        <translation>重新申报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location line="+133"/>
        <location filename="../../ui/common/queue_view.py" line="+334"/>
        <source>not yet</source>
        <extracomment>Whether `reload` ran: until then a sort only records the order (the view calls `sort` twice while it is set up; each would read every id of the store).</extracomment>
        <translation>尚未</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Claimed by {0} until {1}</source>
        <translation>已由 {0} 领取，至 {1}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>First flight departs {0}</source>
        <translation>首段航班 {0} 起飞</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../../ui/common/queue_view.py" line="-220"/>
        <source>Open cases</source>
        <extracomment>Room for the sort indicator and the cell margins beside a column&apos;s widest text. Always shown: a row must say whose case it is. Counts of the room&apos;s own lists (the clerk&apos;s), set by the room. Chosen but hidden for want of width (the least useful first).</extracomment>
        <translation>未结案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Search…</source>
        <translation>搜索…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search name, document number, nationality…</source>
        <translation>搜索姓名、证件号码、国籍…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the columns of the list</source>
        <translation>选择列表显示的列</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>{0} cases</source>
        <translation>共 {0} 个案件</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>claimed by me {0} of {1}, the most allowed</source>
        <translation>我已领取 {0}/{1}，已达上限</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>claimed by me {0} of {1}</source>
        <translation>我已领取 {0}/{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>claimed by me {0}</source>
        <translation>我已领取 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting {0}</source>
        <translation>待审 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>with failures {0}</source>
        <translation>有未通过项 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>exceptions awaiting countersignature {0}</source>
        <translation>待会签的例外 {0}</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Chosen; hidden while the list is too narrow</source>
        <translation>已选；列表过窄时隐藏</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server&apos;s order</source>
        <translation>服务器顺序</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reset columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
<context>
    <name>ReviewWorkspace</name>
    <message>
        <location filename="../../ui/officer/workspace.py" line="+143"/>
        <location line="+184"/>
        <source>Next case</source>
        <extracomment>Where the officer&apos;s splitter sizes are remembered in `QSettings`. Seconds a decision waits, undoable, before it enters the outbox. What the documents are searched for, per fact of the case view (a report may print the holder&apos;s name in Chinese too; the laboratory is not searched for). A short message for the status bar.</extracomment>
        <translation>下一个案件</translation>
    </message>
    <message>
        <location line="-181"/>
        <source>Claim the next case in the server&apos;s order (Ctrl+N)</source>
        <translation>按服务器排定的顺序领取下一个案件（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Release case</source>
        <translation>释放案件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give the case back to the queue ({0})</source>
        <translation>将案件退回队列（{0}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Claim case</source>
        <translation>领取案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next document</source>
        <translation>下一份材料</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous document</source>
        <translation>上一份材料</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Claim this case ({0})</source>
        <translation>领取此案件（{0}）</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Checking the documents…</source>
        <translation>正在检查材料…</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+14"/>
        <source>Checking case</source>
        <translation>检查案件</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>No case is waiting.</source>
        <translation>没有待审核的案件。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Offline: showing the next case in the local queue.</source>
        <translation>离线：显示本地队列中的下一个案件。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Claim</source>
        <translation>领取案件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Release</source>
        <translation>释放案件</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Recording decision</source>
        <translation>记录审核决定</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Decision for {0} undone; nothing was recorded.</source>
        <translation>已撤销对 {0} 的决定；未记录任何内容。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exception for {0} recorded; it waits for a supervisor&apos;s countersignature.</source>
        <translation>{0} 的例外已记录；等待主管会签。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Decision for {0} recorded; it is being sent.</source>
        <translation>已记录对 {0} 的审核决定，正在发送。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>the holder&apos;s name</source>
        <translation>持证人姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the Chinese name</source>
        <translation>中文姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the travel document number</source>
        <translation>旅行证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the sample time</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the test result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the laboratory</source>
        <translation>检测机构</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The documents are not searched for {0}.</source>
        <translation>系统不会在材料中查找{0}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No document of this case states {0}.</source>
        <translation>本案件的材料均未写明{0}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This check used nothing written in the documents.</source>
        <translation>此项检查未使用材料中的任何文字。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/shell/signin_dialog.py" line="+56"/>
        <source>Sign in to the central server</source>
        <translation>登录中央服务器</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Server address</source>
        <extracomment>Why the dialog is back (signed out, the session ended), above the form.</extracomment>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+66"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Demo users (passwords are random for this run):</source>
        <translation>演示用户（密码为本次运行随机生成）：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0} ({1}): {2}</source>
        <translation>{0}（{1}）：{2}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Enter the server address, your user name and password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many failed attempts. Wait a few minutes, then try again.</source>
        <translation>失败次数过多。请等待几分钟后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s certificate is not trusted. Check the address, or ask IT to install the mission&apos;s CA certificate.</source>
        <translation>服务器证书不受信任。请检查地址，或请信息技术人员安装本馆的 CA 证书。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use an https:// address (plain http is allowed only on this computer).</source>
        <translation>请使用 https:// 地址（仅本机允许使用普通 http）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server cannot be reached. Check the address and the network.</source>
        <translation>无法连接服务器。请检查地址和网络。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-in failed: {0}</source>
        <translation>登录失败：{0}</translation>
    </message>
</context>
<context>
    <name>SigningSession</name>
    <message>
        <location filename="../../ui/clerk/signing.py" line="+29"/>
        <source>No signing key</source>
        <translation>没有签名密钥</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../ui/shell/status_panel.py" line="+38"/>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● Offline</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Outbox: {0} waiting</source>
        <translation>发件箱：{0} 条待发送</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, {0} refused</source>
        <translation>，{0} 条被拒收</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Refused by the server:</source>
        <translation>被服务器拒绝：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>case {0}: {1}</source>
        <translation>案件 {0}：{1}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Last sync {0}</source>
        <translation>上次同步 {0}</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../ui/common/sync_controller.py" line="+92"/>
        <source>Sync</source>
        <extracomment>Errors that mean &quot;offline for now&quot;, shown in the status bar rather than as a dialog. The first page of a long pull is stored and checked (emitted from the worker).</extracomment>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Delivery</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The server refused what was recorded for case {0}: {1}</source>
        <translation>服务器拒收了案件 {0} 的记录：{1}</translation>
    </message>
</context>
<context>
    <name>TextPanel</name>
    <message>
        <location filename="../../ui/officer/inspector/text_panel.py" line="+64"/>
        <source>Text extracted from the document</source>
        <extracomment>Background colours per kind; a value that contradicts the declaration is red whatever it is. Formatting runs on the GUI thread (tens of µs a span, more as spans accumulate): a text crafted to match everywhere must not freeze the window. Reports have a few dozen a page.</extracomment>
        <translation>从材料中提取的文本</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+193"/>
        <source>Holder&apos;s name</source>
        <translation>持证人姓名</translation>
    </message>
    <message>
        <location line="-192"/>
        <source>The holder&apos;s name as declared, found in the report</source>
        <translation>报告中出现的持证人申报姓名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Document no.</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The declared travel document number, found in the report</source>
        <translation>报告中出现的申报旅行证件号码</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+187"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="-186"/>
        <source>A date or time; sample times are compared with the declared ones</source>
        <translation>日期或时间；采样时间将与申报的时间比对</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A test result, compared with the declared results</source>
        <translation>检测结果，将与申报的结果比对</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Contradicts</source>
        <translation>不符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contradicts the declaration (another name or number, a different sample time or result), or a check failed on it (e.g. a sample taken too early)</source>
        <translation>与申报内容不符（其他姓名或号码、不同的采样时间或结果），或有检查因此未通过（例如采样过早）</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The text is shown once the document has been analysed.</source>
        <translation>材料分析完成后将显示文本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A photo has no extracted text: read the report in the viewer.</source>
        <translation>照片没有可提取的文本：请在查看器中阅读报告。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No text: the file could not be read.</source>
        <translation>无文本：无法读取该文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No text could be extracted: the report may be a scanned image. Read it in the viewer.</source>
        <translation>未能提取文本：该报告可能是扫描图像。请在查看器中阅读。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(no text on this page)</source>
        <translation>（本页无文本）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>… the rest of the text was not extracted (limit)</source>
        <translation>… 其余文本未提取（已达上限）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Highlighting what the declaration states…</source>
        <translation>正在标出与申报内容相关的信息…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{0} details found, {1} of them contradicting the declaration (red).</source>
        <translation>找到 {0} 处相关信息，其中 {1} 处与申报内容不符（红色）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} details found; none contradicts the declaration.</source>
        <translation>找到 {0} 处相关信息，均与申报内容相符。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing from the declaration was found in this text.</source>
        <translation>此文本中未找到申报内容中的信息。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} more were not highlighted (limit).</source>
        <translation>另有 {0} 处未标出（已达上限）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The text could not be searched for the declaration&apos;s details.</source>
        <translation>无法在文本中检索申报信息。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Another person&apos;s name</source>
        <translation>他人姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Travel document number</source>
        <translation>旅行证件号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another document number</source>
        <translation>其他证件号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agrees with the declaration</source>
        <translation>与申报内容相符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contradicts the declaration</source>
        <translation>与申报内容不符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing declared to compare with</source>
        <translation>无可比对的申报内容</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A check failed on it</source>
        <translation>有检查因此未通过</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../ui/clerk/verify_dialog.py" line="+141"/>
        <source>the trust list cannot be read: {0}</source>
        <translation>无法读取信任列表：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this workstation has no trust list: there are no signer certificates in {0}</source>
        <translation>本工作站没有信任列表：{0} 中没有签名者证书</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+78"/>
        <source>Verify a certificate</source>
        <translation>验证证书</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Open PDF or picture…</source>
        <translation>打开 PDF 或图片…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+39"/>
        <source>No file chosen.</source>
        <translation>未选择文件。</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>…or paste the code&apos;s text here (it starts with HC1:)</source>
        <translation>…或在此粘贴二维码文本（以 HC1: 开头）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Open certificates</source>
        <translation>打开证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificates (*.pdf *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>证书 (*.pdf *.png *.jpg *.jpeg);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open a file or paste a code first.</source>
        <translation>请先打开文件或粘贴二维码文本。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The pasted text is too long to be a certificate code.</source>
        <translation>粘贴的文本过长，不可能是证书二维码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Verifying…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Valid: signed by this mission&apos;s key, not expired, not revoked.</source>
        <translation>有效：由本馆密钥签名，未过期，未被吊销。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Valid: signed by this mission&apos;s key, not expired.</source>
        <translation>有效：由本馆密钥签名，未过期。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not verified: a file or code cannot be read.</source>
        <translation>未验证：无法读取文件或二维码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NOT VALID: see why below.</source>
        <translation>无效：原因见下文。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The revocation list could not be fetched from the server, so a revoked certificate would not be recognised ({0}).</source>
        <translation>无法从服务器获取吊销列表，因此无法识别已吊销的证书（{0}）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot verify: {0}</source>
        <translation>无法验证：{0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Verify a certificate…</source>
        <translation>验证证书…</translation>
    </message>
</context>
<context>
    <name>VerifyReport</name>
    <message>
        <location line="-220"/>
        <source>VALID</source>
        <translation>有效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CANNOT BE READ</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NOT VALID: signature valid, but</source>
        <translation>无效：签名有效，但</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NOT VALID: the signature is not valid or not trusted</source>
        <translation>无效：签名无效或不受信任</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>UNTRUSTED DATA (no valid signature: anyone could have written this):</source>
        <translation>不可信数据（无有效签名：任何人都可能写入以下内容）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Business rule, codes not in the EU value sets:</source>
        <translation>业务规则：以下代码不在欧盟值集中：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why it is not valid:</source>
        <translation>无效原因：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DETECTED (POSITIVE)</source>
        <translation>检出（阳性）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key usage</source>
        <translation>密钥用途</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schema</source>
        <translation>数据格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>revocation</source>
        <translation>吊销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>value sets</source>
        <translation>值集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ok</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAILED</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no list</source>
        <translation>无名单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid</source>
        <translation>有效期间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checks</source>
        <translation>各项检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IgM antibody</source>
        <translation>IgM 抗体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issued by</source>
        <translation>签发机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate ID</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manufacturer</source>
        <translation>生产商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issuance</source>
        <translation>签发方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test</source>
        <translation>检测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample taken</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test device</source>
        <translation>检测试剂</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test name</source>
        <translation>检测名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test centre</source>
        <translation>检测机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vaccination</source>
        <translation>疫苗接种</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dose</source>
        <translation>剂次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recovery</source>
        <translation>康复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recovery valid</source>
        <translation>康复有效期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First positive</source>
        <translation>首次阳性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CAUTION, LISTS NOT SIGNED (--allow-unsigned-lists):</source>
        <translation>注意：名单未经签名（--allow-unsigned-lists）：</translation>
    </message>
</context>
<context>
    <name>WarningSigns</name>
    <message>
        <location filename="../../ui/officer/inspector/warning_signs.py" line="+38"/>
        <source>edited after creation</source>
        <translation>创建后经过编辑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>incremental updates: {0}</source>
        <translation>增量更新：{0} 次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>JavaScript or launch actions</source>
        <translation>含 JavaScript 或启动操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>embedded files: {0}</source>
        <translation>嵌入文件：{0} 个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>⚠ Warning signs: </source>
        <translation>⚠ 警示迹象：</translation>
    </message>
</context>
<context>
    <name>WorkstationShell</name>
    <message>
        <location filename="../../ui/shell/launch.py" line="+182"/>
        <source>Your session with the central server has ended (it expired or was closed there). Sign in again to go on: what you recorded is kept in the outbox and is delivered once you have signed in.</source>
        <translation>您与中央服务器的会话已结束（已过期或已在服务器端关闭）。请重新登录以继续：您已记录的内容保存在发件箱中，登录后即会送达。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>You have signed out.</source>
        <translation>您已退出登录。</translation>
    </message>
</context>
</TS>
