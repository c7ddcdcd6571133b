package web

import (
	"errors"
	"net/http"

	"rectify/internal/api"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// The use cases speak English and reason keys; a page speaks Chinese.
// These maps turn a domain error into what a user reads: first its reason
// key, then the field it names, then its code. English text is never
// parsed.

func statusOf(code string) int { return api.StatusOf(code) }

// diskFullTitle heads the answer to a write that failed for want of disk
// space (507, with api.DiskFullMessage, as the API answers).
const diskFullTitle = "磁盘空间已满"

var titleByCode = map[string]string{
	ledger.EINVALID:      "填写有误",
	ledger.EUNAUTHORIZED: "请先登录",
	ledger.EFORBIDDEN:    "无权操作",
	ledger.ENOTFOUND:     "未找到",
	ledger.ECONFLICT:     "当前状态不允许此操作",
	ledger.ETOOLARGE:     "文件过大",
	ledger.EUNPROCESS:    "无法处理",
	ledger.ERATELIMIT:    "操作过于频繁",
	ledger.EINTERNAL:     "系统出错",
}

func titleOf(code string) string {
	if t, ok := titleByCode[code]; ok {
		return t
	}
	return titleByCode[ledger.EINTERNAL]
}

// reasonMessages translate the reason keys of refusals (ledger.Reason*).
var reasonMessages = map[string]string{
	ledger.ReasonWrongState:       "该措施当前的状态不允许此操作，请刷新页面后查看最新状态。",
	ledger.ReasonExtensionPending: "已有一项延期申请等待审批。",
	ledger.ReasonNoExtension:      "没有等待审批的延期申请。",
	ledger.ReasonReviewRecorded:   "该回头看结论已经记录。",
	ledger.ReasonEvidenceClosed:   "已销号的措施不能再上传佐证材料。",
	ledger.ReasonEvidenceTooLarge: "上传的文件过大。",
	ledger.ReasonBodyTooLarge:     "上传的文件过大。",
	ledger.ReasonLoginTaken:       "该登录名已被使用。",
	ledger.ReasonBadCredentials:   "登录名或密码错误。",
	ledger.ReasonThrottled:        "登录失败次数过多，请稍候再试（从常用的电脑登录不受影响）。",
	ledger.ReasonNotSignedIn:      "登录已失效，请重新登录。",
	ledger.ReasonAdminOnly:        "此操作仅限管理员。",
	ledger.ReasonMayNotExport:     "您的角色无权导出台账。",
	ledger.ReasonMayNotImport:     "您的角色无权导入台账。",
	ledger.ReasonFieldTooLong:     "填写的内容过长，请精简后再提交（各栏字数上限见系统说明）。",
	ledger.ReasonBranchTooDeep:    "单位层级过深：最多可在顶级单位下设 12 级。",
	ledger.ReasonOwnerLocked:      "已提交或已销号的措施不能更换责任人。",
	ledger.ReasonPasswordShort:    "密码至少 10 个字符。",
	ledger.ReasonPasswordLong:     "密码最多 72 个字节（约 24 个汉字）。",
	ledger.ReasonPasswordCommon:   "这个密码太常见，容易被猜中，请换一个。",
	"channel.type":                "请选择通知渠道类型。",
	"channel.url":                 "请填写机器人的 Webhook 地址（以 http:// 或 https:// 开头，从群机器人设置中复制；电子邮件渠道不填）。",
	"channel.secret":              "签名密钥格式不正确：企业微信机器人不需要密钥，其他机器人请完整复制、不要带空格。",
	"channel.to":                  "收件人设置有误。",
}

// fieldMessages translate a field error by the field it names.
var fieldMessages = map[string]string{
	"note":           "请填写说明；提交销号时须写明整改情况，或先上传佐证材料。",
	"reason":         "请填写理由。",
	"due_on":         "请填写正确的日期：新的整改时限须晚于原时限，且不早于今天。",
	"percent":        "完成进度须在 0 到 100 之间。",
	"file":           "请选择要上传的文件（文件不能为空）。",
	"outcome":        "请选择回头看结论。",
	"review_id":      "请选择回头看结论。",
	"name":           "请填写名称（不超过规定长度）。",
	"login":          "登录名须为 2–64 位字母、数字或 ._@-，且不能与已有用户重复。",
	"password":       "密码须为 10–72 个字符，且不能是常见密码（如 1234567890、password123）。",
	"role":           "请选择角色。",
	"branch_id":      "请选择所属单位。",
	"parent_id":      "上级单位不存在。",
	"email":          "电子邮箱格式不正确。",
	"phone":          "电话只能包含数字、空格和 +-()，不超过 30 位。",
	"problem_id":     "问题不存在。",
	"channel_type":   "请选择通知渠道类型。",
	"channel_url":    "请填写机器人地址（以 http:// 或 https:// 开头，从群机器人设置中复制；电子邮件渠道不填）。",
	"channel_secret": "签名密钥格式不正确：企业微信机器人不需要密钥，其他机器人请完整复制、不要带空格。",
	"channel_to":     "收件人设置有误。",
}

var generic = map[string]string{
	ledger.EUNAUTHORIZED: "登录已失效，请重新登录。",
	ledger.EFORBIDDEN:    "您的角色无权执行此操作。",
	ledger.ENOTFOUND:     "未找到该记录，或您无权查看。",
	ledger.ECONFLICT:     "该措施当前的状态不允许此操作，请刷新页面后查看最新状态。",
	ledger.ETOOLARGE:     "上传的文件过大。",
	ledger.EUNPROCESS:    "提交的内容无法处理。",
	ledger.ERATELIMIT:    "操作过于频繁，请稍后再试。",
	ledger.EINVALID:      "填写的内容有误，请检查后重试。",
}

// messageOf is the Chinese message for err.
func messageOf(err error) string {
	if store.IsDiskFull(err) {
		return api.DiskFullMessage
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return generic[ledger.ETOOLARGE]
	}
	if m, ok := reasonMessages[ledger.ErrorReason(err)]; ok {
		return m
	}
	code := ledger.ErrorCode(err)
	if code == ledger.EINVALID {
		if m, ok := fieldMessages[ledger.ErrorField(err)]; ok {
			return m
		}
	}
	if m, ok := generic[code]; ok {
		return m
	}
	return "系统出错，请稍后重试；如果问题持续，请联系管理员。"
}
