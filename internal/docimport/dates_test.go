package docimport

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDateIn(t *testing.T) {
	tests := []struct {
		name, in string
		year     int
		want     string
	}{
		{"the end of a month is its last day", "2024年6月底", 0, "2024-06-30"},
		{"a leap year's February ends on the 29th", "2024年2月底前", 0, "2024-02-29"},
		{"a full date is taken as it is", "2024年12月31日", 0, "2024-12-31"},
		{"a date with dashes is read too", "2024-3-5", 0, "2024-03-05"},
		{"the end of a year is 31 December", "2024年底", 0, "2024-12-31"},
		{"年底前 takes the document's year", "年底前", 2023, "2023-12-31"},
		{"年底前 without a known year gives no date", "年底前", 0, ""},
		{"a quarter ends with its last month", "2024年第三季度", 0, "2024-09-30"},
		{"a quarter may be written in Chinese", "2024年一季度", 0, "2024-03-31"},
		{"the first half of a year ends on 30 June", "2024年上半年", 0, "2024-06-30"},
		{"a month without a year takes the document's year", "6月底", 2024, "2024-06-30"},
		{"a date that does not exist gives no date", "2023年2月30日", 0, ""},
		{"a month that does not exist gives no date", "2024年13月", 0, ""},
		{"text without a date gives no date", "长期坚持", 2024, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, dateIn(tt.in, tt.year))
		})
	}
}

func TestPlanOf(t *testing.T) {
	tests := []struct {
		name, text string
		want       plan
	}{
		{"owner and deadline are read from their labels",
			"加强学习。责任人：张三；完成时限：2024年6月底。", plan{"张三", "", "2024-06-30", KindDeadline}},
		{"a leader's title is an owner",
			"加强学习。责任领导：党组书记 完成时限：2024年12月31日", plan{"党组书记", "", "2024-12-31", KindDeadline}},
		{"立行立改 makes an immediate measure",
			"对群众反映的问题立行立改。牵头人：李四", plan{"李四", "", "", KindImmediate}},
		{"长期坚持 in the deadline makes a long-term measure",
			"每天学习。完成时限：长期坚持。", plan{"", "", "", KindLongTerm}},
		{"a date followed by 前 in the text is a deadline",
			"2024年6月底前完成x项培训。", plan{"", "", "2024-06-30", KindDeadline}},
		{"a past date in the text is not a deadline",
			"针对2023年以来暴露的问题，完善制度。", plan{"", "", "", ""}},
		{"长期以来 does not make a long-term measure",
			"针对长期以来存在的短板，完善制度。", plan{"", "", "", ""}},
		{"full-width digits are read",
			"完成时限：２０２４年３月底", plan{"", "", "2024-03-31", KindDeadline}},
		{"a unit is the lead department, not the owner",
			"责任单位：办公室；责任人：王五", plan{"王五", "办公室", "", ""}},
		{"a post before a name is dropped from the owner",
			"责任领导：党委副书记钱进；牵头部门：组织部", plan{"钱进", "组织部", "", ""}},
		{"立行立改 with a date keeps the date",
			"立行立改，2024年3月底前完成。", plan{"", "", "2024-03-31", KindImmediate}},
		{"常态化 makes a long-term measure",
			"常态化开展警示教育。", plan{"", "", "", KindLongTerm}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, planOf(tt.text, 2024))
		})
	}
}
