package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// maxJSONDepth is how deeply duplicateMembers follows nested values; encoding/json refuses
// deeper documents itself.
const maxJSONDepth = 10000

var errTooDeep = errors.New("nested too deeply")

// duplicateMembers names every member that an object in body gives more than once, at any
// depth, the way the validation errors name fields: "description", "a.b", "list[2].name".
// encoding/json keeps the last of repeated members and the OpenAPI validator sees only
// that one, so a body that says two things at once would otherwise pass. A body that is
// not JSON yields nothing here: the other checks refuse it.
func duplicateMembers(body []byte) []errorDetail {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out []errorDetail
	var walk func(path string, depth int) error
	walk = func(path string, depth int) error {
		if depth > maxJSONDepth {
			return errTooDeep
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				nameTok, err := dec.Token()
				if err != nil {
					return err
				}
				name, _ := nameTok.(string)
				member := name
				if path != "" {
					member = path + "." + name
				}
				if seen[name] {
					out = append(out, errorDetail{Parameter: member, ErrorMessage: "is given more than once in the same object; give each member once"})
				}
				seen[name] = true
				if err := walk(member, depth+1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk("", 0); err != nil {
		return nil
	}
	return out
}
