// Writes random templates and what Go 1.26's text/template printed for each, with stern's
// JSON functions (the dot is a map[string]string with Message). Run with `go run .` here.
//   - ../../printf-go.json: printf calls (verbs, flags, widths, precisions, * and operands of
//     every kind a template has: ints, floats, strings, bools, parsed JSON maps and slices,
//     json.Number, nil maps, too few and too many operands);
//   - ../../builtins-go.json: the predefined functions (comparisons, and/or/not, len, index,
//     slice, print, println, html, js, urlquery) and stern's JSON functions on such operands,
//     alone and under if, with and range;
//   - ../../times-go.json: stern's toRFC3339Nano, toUTC and toTimestamp on times as logs write
//     them (every layout spf13/cast reads, unix seconds as strings, numbers and json.Number),
//     into layouts and zones. The local zone is UTC (TZ=UTC), as the test sets it.
package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/spf13/cast"
)

type tcase struct {
	Template   string  `json:"template"`
	Message    string  `json:"message"`
	Out        *string `json:"out,omitempty"`
	ParseError string  `json:"parseError,omitempty"`
	ExecError  string  `json:"execError,omitempty"`
}

func pick(r *rand.Rand, s []string) string { return s[r.Intn(len(s))] }

func extract(text string, part []string) (string, error) {
	obj := make(map[string]interface{})
	if err := json.Unmarshal([]byte(text), &obj); err != nil {
		return "", err
	}
	parts := make([]string, 0)
	for _, key := range part {
		parts = append(parts, fmt.Sprintf("%v", obj[key]))
	}
	return strings.Join(parts, ", "), nil
}

// stern v1.34's functions (cmd/cmd.go), those these cases call
var funcs = template.FuncMap{
	"parseJSON": func(text string) (map[string]interface{}, error) {
		obj := make(map[string]interface{})
		err := json.Unmarshal([]byte(text), &obj)
		return obj, err
	},
	"tryParseJSON": func(text string) map[string]interface{} {
		decoder := json.NewDecoder(strings.NewReader(text))
		decoder.UseNumber()
		obj := make(map[string]interface{})
		if err := decoder.Decode(&obj); err != nil {
			return nil
		}
		return obj
	},
	"extractJSONParts": func(text string, part ...string) (string, error) { return extract(text, part) },
	"tryExtractJSONParts": func(text string, part ...string) string {
		s, err := extract(text, part)
		if err != nil {
			return text
		}
		return s
	},
	"prettyJSON": func(value any) string {
		var data map[string]any
		switch v := value.(type) {
		case string:
			if err := json.Unmarshal([]byte(v), &data); err != nil {
				return v
			}
		case map[string]any:
			data = v
		default:
			return fmt.Sprintf("%v", value)
		}
		b, err := json.MarshalIndent(data, "", "  ")
		if err != nil {
			return fmt.Sprintf("%v", value)
		}
		return string(b)
	},
	"toRFC3339Nano": func(ts any) string { return toTime(ts).Format(time.RFC3339Nano) },
	"toUTC":         func(ts any) time.Time { return toTime(ts).UTC() },
	"toTimestamp": func(ts any, layout string, optionalTZ ...string) (string, error) {
		t, parseErr := toTimeE(ts)
		if parseErr != nil {
			return "", parseErr
		}
		var tz string
		if len(optionalTZ) > 0 {
			tz = optionalTZ[0]
		}
		loc, loadErr := time.LoadLocation(tz)
		if loadErr != nil {
			return "", loadErr
		}
		return t.In(loc).Format(layout), nil
	},
	"json": func(in interface{}) (string, error) {
		b, err := json.Marshal(in)
		if err != nil {
			return "", err
		}
		return string(b), nil
	},
}

// run executes a template as stern does; false: it does not parse (the cases are about executing)
func run(tpl, message string) (tcase, bool) {
	c := tcase{Template: tpl, Message: message}
	t, err := template.New("log").Funcs(funcs).Parse(tpl)
	if err != nil {
		return c, false
	}
	var sb strings.Builder
	if err := t.Execute(&sb, map[string]string{"Message": message}); err != nil {
		c.ExecError = err.Error()
	} else {
		out := sb.String()
		c.Out = &out
	}
	return c, true
}

func write(path string, cases []tcase) {
	b, err := json.MarshalIndent(cases, "", " ")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		panic(err)
	}
}

func main() {
	os.Setenv("TZ", "UTC")
	write("../../printf-go.json", printfCases(rand.New(rand.NewSource(1))))
	write("../../builtins-go.json", builtinCases(rand.New(rand.NewSource(1))))
	write("../../times-go.json", timeCases(rand.New(rand.NewSource(1))))
}

// stern v1.34 cmd/helper.go
func toTime(a any) time.Time {
	t, _ := toTimeE(a)
	return t
}
func toTimeE(a any) (time.Time, error) {
	switch v := a.(type) {
	case string:
		if t, ok := parseUnixTimeNanoString(v); ok {
			return t, nil
		}
	case json.Number:
		if t, ok := parseUnixTimeNanoString(v.String()); ok {
			return t, nil
		}
	}
	return cast.ToTimeE(a)
}
func parseUnixTimeNanoString(num string) (time.Time, bool) {
	parts := strings.Split(num, ".")
	if len(parts) > 2 {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var nsec int64
	if len(parts) == 2 {
		const digits = 9
		frac := parts[1]
		if len(frac) > digits {
			frac = frac[:digits]
		} else if len(frac) < digits {
			frac = frac + strings.Repeat("0", digits-len(frac))
		}
		nsec, err = strconv.ParseInt(frac, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
	}
	return time.Unix(sec, nsec), true
}

const printfMessage = `{"n":30,"arr":[1,"a",null,true],"f":2.5}`

var (
	verbs      = strings.Split("vdsqxXoObcUeEfFgGt%T", "")
	flags      = []string{"", "-", "+", "#", " ", "0", "-0", "+0", "#0", " 0", "+#", "-#"}
	printfArgs = []string{"42", "-7", "0", "3.5", "-2.25", "1e21", "1e-7", "0.1", "123456789", `"str"`, `"héllo"`, `"a\tb"`,
		"true", "false", ".Message", "(parseJSON .Message)", "(parseJSON .Message).n", "(parseJSON .Message).arr", "65",
		"0x10", "1.5e300", "-0.0", "9223372036854775807", "-9223372036854775808", "5e-324", `""`, "\"`back`\"", `"q\"uote"`,
		`"日本"`, "(tryParseJSON .Message)", "(tryParseJSON .Message).n", ".", `(parseJSON "{}")`, `(parseJSON "null")`,
		`(parseJSON "{\"z\":{\"y\":[]}}")`}
	stars = []string{"3", "-4", "0", `"s"`}
)

func printfCases(r *rand.Rand) []tcase {
	var cases []tcase
	for len(cases) < 800 {
		format, operands := "", []string{}
		for n := 1 + r.Intn(3); n > 0; n-- {
			width := pick(r, []string{"", "", strconv.Itoa(r.Intn(13)), "*"})
			prec := pick(r, []string{"", "", ".", "." + strconv.Itoa(r.Intn(9)), ".*"})
			format += pick(r, []string{"", "x", "|"}) + "%" + pick(r, flags) + width + prec + pick(r, verbs)
			for i := strings.Count(width+prec, "*"); i > 0; i-- {
				operands = append(operands, pick(r, stars))
			}
			operands = append(operands, pick(r, printfArgs))
		}
		if r.Float64() < 0.1 {
			operands = append(operands, pick(r, printfArgs))
		}
		if r.Float64() < 0.1 {
			operands = operands[:len(operands)-1]
		}
		if c, ok := run(`{{printf "`+strings.ReplaceAll(format, `"`, `\"`)+`" `+strings.Join(operands, " ")+"}}", printfMessage); ok {
			cases = append(cases, c)
		}
	}
	return cases
}

const builtinMessage = `{"n":30,"arr":[1,"a",null,true],"f":2.5,"nul":null,"s":"x<y>&z"}`

var (
	operands = []string{"42", "-7", "0", "3.5", "0.0", "1e21", `"str"`, `""`, `"héllo"`, "true", "false", ".Message",
		"(parseJSON .Message)", "(parseJSON .Message).n", "(parseJSON .Message).arr", "(parseJSON .Message).f",
		"(parseJSON .Message).nul", "(tryParseJSON .Message)", "(tryParseJSON .Message).n", "(tryParseJSON .Message).arr",
		".", `(parseJSON "{}")`, `(parseJSON "null")`, "1", "2", "-1", "100", `"a"`, `"b"`, "'a'", "0x41", "1.5", "-0.0"}
	// literals only, and one index deep: Go's errors name the static type of an index taken out
	// of a map (interface {}) and of a string's byte (uint8), which ktail's values do not carry
	// (README, "Differences from stern")
	indexes  = []string{"0", "1", "2", "3", "-1", "100", `"n"`, `"arr"`, `"s"`, `"nosuch"`, "1.5", "true"}
	builtins = []struct {
		name     string
		min, max int
	}{{"eq", 2, 4}, {"ne", 2, 2}, {"lt", 2, 2}, {"le", 2, 2}, {"gt", 2, 2}, {"ge", 2, 2}, {"and", 1, 3}, {"or", 1, 3},
		{"not", 1, 1}, {"len", 1, 1}, {"index", 1, 2}, {"slice", 1, 4}, {"print", 0, 4}, {"println", 0, 3}, {"html", 1, 2},
		{"js", 1, 2}, {"urlquery", 1, 2}, {"extractJSONParts", 1, 3}, {"tryExtractJSONParts", 1, 3}, {"prettyJSON", 1, 1},
		{"json", 1, 1}}
	ranged = []string{"(parseJSON .Message)", "(parseJSON .Message).arr", "(tryParseJSON .Message)", "3", `(parseJSON "{}")`, ".", ".Message"}
)

func builtinCases(r *rand.Rand) []tcase {
	var cases []tcase
	for len(cases) < 500 {
		b := builtins[r.Intn(len(builtins))]
		args := []string{}
		for i := b.min + r.Intn(b.max-b.min+1); i > 0; i-- {
			if (b.name == "index" || b.name == "slice") && len(args) > 0 {
				args = append(args, pick(r, indexes))
			} else {
				args = append(args, pick(r, operands))
			}
		}
		call := strings.TrimSpace(b.name + " " + strings.Join(args, " "))
		tpl := "{{" + call + "}}"
		switch x := r.Float64(); {
		case x < 0.15:
			tpl = "{{range $i, $v := " + pick(r, ranged) + "}}[{{$i}}={{$v}}]{{else}}E{{end}}"
		case x < 0.4:
			tpl = "{{" + pick(r, []string{"if", "with"}) + " " + call + "}}Y{{.}}{{else}}N{{end}}"
		}
		if c, ok := run(tpl, builtinMessage); ok {
			cases = append(cases, c)
		}
	}
	return cases
}

const timeMessage = `{"a":1704164645,"b":"2024-05-01T10:00:00.5Z","c":1704164645.123,"d":"1704164645.7","e":null,"f":-3,"g":"1e3","h":"10."}`

var (
	// zones whose abbreviations Node's ICU data names as Go does: README, "Differences from stern"
	times = []string{`"2024-01-02T03:04:05Z"`, `"2024-01-02T03:04:05.123456789Z"`, `"2024-01-02T03:04:05+09:00"`,
		`"2024-01-02 03:04:05"`, `"2024-01-02"`, `"1704164645"`, `"1704164645.5"`, `"1704164645.123456789123"`,
		`"1704164645123"`, `"-1"`, `"abc"`, `""`, "1704164645", "1704164645.25", "0", "-5", "1e9", "1.5e18",
		"(tryParseJSON .Message).a", "(tryParseJSON .Message).b", "(tryParseJSON .Message).c", "(tryParseJSON .Message).d",
		"(tryParseJSON .Message).g", "(tryParseJSON .Message).h", "(parseJSON .Message).a", "(parseJSON .Message).b",
		"(parseJSON .Message).c", "(parseJSON .Message).e", "(parseJSON .Message).f", `"02 Jan 06 15:04 MST"`,
		`"02 Jan 06 15:04 -0200"`, `"Mon, 02 Jan 2006 15:04:05 -0700"`, `"Mon, 02 Jan 2006 15:04:05 GMT"`,
		`"Monday, 02-Jan-06 15:04:05 PST"`, `"2006-01-02 15:04:05.5 -0700 MST"`, `"2006-01-02T15:04:05-0700"`,
		`"2006-01-02 15:04:05Z"`, `"Mon Jan  2 15:04:05 2006"`, `"Mon Jan 2 15:04:05 MST 2006"`,
		`"Mon Jan 02 15:04:05 -0700 2006"`, `"2006-01-02 15:04:05+01:00"`, `"02 Jan 2006"`, `"2006-01-02 15:04:05 -07:00"`,
		`"2006-01-02 15:04:05 -0700"`, `"3:04PM"`, `"12:30AM"`, `"Jan  2 15:04:05"`, `"Jan 2 15:04:05.123"`,
		`"2006-02-30"`, `"2024-02-29 01:02:03"`, `"2023-02-29"`, `"2006-01-02T15:04:05"`, `"03:04:05"`, `"2006-1-2"`,
		`"mon, 02 jan 2006 15:04:05 -0700"`, `"2024-01-02T03:04:05.1+01:00"`, `"2006-01-02T15:04:05,5Z"`, "true",
		`"1.5.5"`, `" 1704164645"`, `"+1704164645"`, `"0x10"`}
	timeLayouts = []string{`"2006-01-02 15:04:05"`, `"Jan _2 15:04:05.000"`, `"2006-01-02T15:04:05.999999999Z07:00"`,
		`"15:04:05.000000 -0700"`, `"Mon Jan 2 3:04PM 2006"`, `"02/01/06 .9"`, `"Z07:00"`}
	timeZones = []string{"", `"UTC"`, `"America/Sao_Paulo"`, `"Asia/Kolkata"`, `"Local"`, `"Nope/Zone"`, `"Etc/GMT+5"`}
)

func timeCases(r *rand.Rand) []tcase {
	var cases []tcase
	for len(cases) < 500 {
		v := pick(r, times)
		var tpl string
		switch x := r.Float64(); {
		case x < 0.3:
			tpl = "{{toRFC3339Nano " + v + "}}"
		case x < 0.5:
			tpl = "{{toUTC " + v + "}}"
		default:
			tpl = "{{toTimestamp " + v + " " + pick(r, timeLayouts)
			if r.Float64() < 0.7 {
				tpl += " " + pick(r, timeZones)
			}
			tpl = strings.TrimSpace(tpl) + "}}"
		}
		if c, ok := run(tpl, timeMessage); ok {
			cases = append(cases, c)
		}
	}
	return cases
}
