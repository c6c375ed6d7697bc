// Writes random templates and what Go 1.26's text/template printed for each, with stern's
// JSON functions (the dot is a map[string]string with Message). Run with `go run .` here.
//   - ../../printf-go.json: printf calls (verbs, flags, widths, precisions, * and operands of
//     every kind a template has: ints, floats, strings, bools, parsed JSON maps and slices,
//     json.Number, nil maps, too few and too many operands);
//   - ../../builtins-go.json: the predefined functions (comparisons, and/or/not, len, index,
//     slice, print, println, html, js, urlquery) and stern's JSON functions on such operands,
//     alone and under if, with and range.
package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"text/template"
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
	write("../../printf-go.json", printfCases(rand.New(rand.NewSource(1))))
	write("../../builtins-go.json", builtinCases(rand.New(rand.NewSource(1))))
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
