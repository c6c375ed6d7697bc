// Writes ../../printf-go.json: random printf calls (verbs, flags, widths, precisions, * and
// operands of every kind a template has: ints, floats, strings, bools, parsed JSON maps and
// slices, json.Number, nil maps, too few and too many operands) and what Go 1.26's
// text/template printed for each, with stern's parseJSON and tryParseJSON. The dot is a
// map[string]string with Message. Run with `go run .` from this directory.
package main

import (
	"encoding/json"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"text/template"
)

const message = `{"n":30,"arr":[1,"a",null,true],"f":2.5}`

var (
	verbs = strings.Split("vdsqxXoObcUeEfFgGt%T", "")
	flags = []string{"", "-", "+", "#", " ", "0", "-0", "+0", "#0", " 0", "+#", "-#"}
	args  = []string{"42", "-7", "0", "3.5", "-2.25", "1e21", "1e-7", "0.1", "123456789", `"str"`, `"héllo"`, `"a\tb"`,
		"true", "false", ".Message", "(parseJSON .Message)", "(parseJSON .Message).n", "(parseJSON .Message).arr", "65",
		"0x10", "1.5e300", "-0.0", "9223372036854775807", "-9223372036854775808", "5e-324", `""`, "\"`back`\"", `"q\"uote"`,
		`"日本"`, "(tryParseJSON .Message)", "(tryParseJSON .Message).n", ".", `(parseJSON "{}")`, `(parseJSON "null")`,
		`(parseJSON "{\"z\":{\"y\":[]}}")`}
	stars = []string{"3", "-4", "0", `"s"`}
)

type tcase struct {
	Template   string  `json:"template"`
	Message    string  `json:"message"`
	Out        *string `json:"out,omitempty"`
	ParseError string  `json:"parseError,omitempty"`
	ExecError  string  `json:"execError,omitempty"`
}

func pick(r *rand.Rand, s []string) string { return s[r.Intn(len(s))] }

func main() {
	r := rand.New(rand.NewSource(1))
	funcs := template.FuncMap{
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
	}
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
			operands = append(operands, pick(r, args))
		}
		if r.Float64() < 0.1 {
			operands = append(operands, pick(r, args))
		}
		if r.Float64() < 0.1 {
			operands = operands[:len(operands)-1]
		}
		c := tcase{Template: `{{printf "` + strings.ReplaceAll(format, `"`, `\"`) + `" ` + strings.Join(operands, " ") + "}}", Message: message}
		t, err := template.New("log").Funcs(funcs).Parse(c.Template)
		if err != nil {
			continue // the cases are about printf, not the parser
		}
		var sb strings.Builder
		if err := t.Execute(&sb, map[string]string{"Message": message}); err != nil {
			c.ExecError = err.Error()
		} else {
			out := sb.String()
			c.Out = &out
		}
		cases = append(cases, c)
	}
	b, err := json.MarshalIndent(cases, "", " ")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile("../../printf-go.json", append(b, '\n'), 0o644); err != nil {
		panic(err)
	}
}
