package monitor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/google/go-cmp/cmp"
)

// vantageCfg is a config with three vantage points, eu, us and ap, and
// two probed components, api and web.
func vantageCfg(t *testing.T, policy string) *candor.Config {
	t.Helper()
	text := "title: Test\ninterval: 5m\ncomponents:\n  - id: api\n    name: Public API\n    probe: {http: {url: \"http://127.0.0.1:1/\"}}\n" +
		"  - id: web\n    probe: {http: {url: \"http://127.0.0.1:1/\"}}\n  - id: billing\n" +
		"vantages:\n  - {id: eu, name: Frankfurt}\n  - {id: us, name: Virginia}\n  - {id: ap, name: Singapore}\npolicy:\n  open_after: 2\n  resolve_after: 2\n" + policy
	cfg, problems := config.Parse("candor.yml", []byte(text), nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return cfg
}

// seen is one vantage point's checks: o for api, up for web unless given.
func seen(name string, blind bool, api candor.Outcome, rest ...candor.Result) Vantage {
	r := result(api)
	r.Latency = time.Duration(100+len(name)) * time.Millisecond
	if api == candor.Down && name == "eu" {
		r.Class, r.Message = "timeout", "timed out after 10s waiting for headers"
	}
	web := candor.Result{Component: "web", Outcome: candor.Up, Attempts: 1, CertDaysLeft: -1, Latency: 50 * time.Millisecond}
	return Vantage{Name: name, At: t0, Blind: blind, Results: append([]candor.Result{r, web}, rest...)}
}

func only(name string, api candor.Outcome) Vantage {
	v := seen(name, false, api)
	v.Results = v.Results[:1]
	return v
}

func TestMergeByQuorum(t *testing.T) {
	tests := []struct {
		name     string
		policy   string
		in       []Vantage
		want     candor.Outcome
		class    candor.Class
		words    string // Locations
		wantWeb  candor.Outcome
		blind    bool
		vantages string // each vantage point's outcome, in the config's order
	}{
		{name: "quorum met: two of three down", in: []Vantage{seen("eu", false, down), seen("us", false, down), seen("ap", false, up)},
			want: down, class: "timeout", words: "2 of 3 locations failing: Frankfurt (timed out after 10s waiting for headers), Virginia (status 503 Service Unavailable)",
			wantWeb: up, vantages: "eu=down us=down ap=up"},
		{name: "quorum not met: a lone dissent", in: []Vantage{seen("eu", false, down), seen("us", false, up), seen("ap", false, up)},
			want: up, words: "1 of 3 locations failing: not confirmed — Frankfurt (timed out after 10s waiting for headers)", wantWeb: up, vantages: "eu=down us=up ap=up"},
		{name: "down and degraded: the quorum-th worst", in: []Vantage{seen("eu", false, down), seen("us", false, slow), seen("ap", false, up)},
			want: slow, class: "slow", words: "2 of 3 locations failing: Frankfurt (timed out after 10s waiting for headers), Virginia (slower than 300 ms)", wantWeb: up, vantages: "eu=down us=degraded ap=up"},
		{name: "a blind vantage point does not count", in: []Vantage{seen("eu", false, down), seen("us", true, down), seen("ap", false, up)},
			want: up, words: "1 of 3 locations failing, 1 could not see: not confirmed — Frankfurt (timed out after 10s waiting for headers)", wantWeb: up, vantages: "eu=down us=unknown ap=up"},
		{name: "too few could see, one failing: unknown", in: []Vantage{seen("eu", false, down), seen("us", true, down), seen("ap", true, up)},
			want: candor.Unknown, class: candor.ClassNoQuorum, words: "1 of 3 locations failing, 2 could not see: not confirmed — Frankfurt (timed out after 10s waiting for headers)",
			wantWeb: up, vantages: "eu=down us=unknown ap=unknown"},
		{name: "too few could see, all passing: up", in: []Vantage{seen("eu", false, up)}, want: up, wantWeb: up, vantages: "eu=up"},
		{name: "second opinion on a failing component only", in: []Vantage{seen("eu", false, down), only("us", down), only("ap", down)},
			want: down, class: "timeout", words: "3 of 3 locations failing: Frankfurt (timed out after 10s waiting for headers), Virginia (status 503 Service Unavailable), Singapore (status 503 Service Unavailable)",
			wantWeb: up, vantages: "eu=down us=down ap=down"},
		{name: "second opinion that never came: unknown", in: []Vantage{seen("eu", false, down)}, want: candor.Unknown, class: candor.ClassNoQuorum, wantWeb: up, vantages: "eu=down"},
		{name: "every vantage point blind", in: []Vantage{seen("eu", true, down), seen("us", true, up)}, want: candor.Unknown, class: candor.ClassBlind, wantWeb: candor.Unknown, blind: true, vantages: "eu=unknown us=unknown"},
		{name: "quorum 1: any location failing counts", policy: "  quorum: 1\n", in: []Vantage{seen("eu", false, up), seen("us", false, down)},
			want: down, class: "status", words: "1 of 2 locations failing: Virginia (status 503 Service Unavailable)", wantWeb: up, vantages: "eu=up us=down"},
		{name: "quorum 3: two down are not enough", policy: "  quorum: 3\n", in: []Vantage{seen("eu", false, down), seen("us", false, down), seen("ap", false, up)},
			want: up, words: "2 of 3 locations failing: not confirmed — Frankfurt (timed out after 10s waiting for headers), Virginia (status 503 Service Unavailable)", wantWeb: up, vantages: "eu=down us=down ap=up"},
		{name: "no vantage point checked it", in: []Vantage{{Name: "eu", At: t0, Results: []candor.Result{{Component: "web", Outcome: up}}}}, want: candor.Unknown, class: candor.ClassUnmeasured, wantWeb: up, vantages: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := vantageCfg(t, tt.policy)
			var in []input
			for i := len(tt.in) - 1; i >= 0; i-- { // the config's order decides, not the files'
				in = append(in, input{v: tt.in[i], path: tt.in[i].Name + ".json"})
			}
			got, blind := merge(cfg, in)
			if len(got) != 2 || got[0].Component != "api" || got[1].Component != "web" {
				t.Fatalf("merge = %+v, want one result for api and one for web", got)
			}
			api := got[0]
			if api.Outcome != tt.want || api.Class != tt.class || got[1].Outcome != tt.wantWeb || blind != tt.blind {
				t.Errorf("merge: api %s (%s: %s), web %s, blind %v; want api %s (%s), web %s, blind %v",
					api.Outcome, api.Class, api.Message, got[1].Outcome, blind, tt.want, tt.class, tt.wantWeb, tt.blind)
			}
			var vs []string
			for _, v := range api.Vantages {
				vs = append(vs, v.Vantage+"="+string(v.Outcome))
			}
			if s := strings.Join(vs, " "); s != tt.vantages {
				t.Errorf("vantages kept = %q, want %q", s, tt.vantages)
			}
			if w := api.Locations(cfg.VantageName); w != tt.words {
				t.Errorf("Locations =\n%q\nwant\n%q", w, tt.words)
			}
			if api.Dissent() != (tt.want == up && tt.words != "") {
				t.Errorf("Dissent = %v", api.Dissent())
			}
		})
	}
}

// file is v as a results file, each result not dated otherwise dated at
// the file's at.
func file(v Vantage) []byte {
	v.Results = slices.Clone(v.Results)
	for i := range v.Results {
		if v.Results[i].At.IsZero() {
			v.Results[i].At = v.At
		}
	}
	return EncodeResults(v)
}

func TestAcceptRefusesFilesByNameAndReason(t *testing.T) {
	cfg := vantageCfg(t, "")
	now := at(10)
	fresh := func(name string, offset float64) Vantage {
		v := seen(name, false, up)
		v.At = at(10 + offset)
		return v
	}
	shard := func(name string, i int, comps ...string) Vantage {
		v := fresh(name, -1)
		v.Shard = Shard{Index: i, Count: 2}
		v.Results = nil
		for _, c := range comps {
			v.Results = append(v.Results, candor.Result{Component: c, Outcome: up, CertDaysLeft: -1})
		}
		return v
	}
	own := fresh("eu", 0)
	files := map[string][]byte{
		"results/us.json":      file(fresh("us", -2)),
		"results/stale.json":   file(fresh("ap", -6)),
		"results/future.json":  file(fresh("ap", 3)),
		"results/mars.json":    file(fresh("mars", 0)),
		"results/broken.json":  []byte("{\"candor_results\": 1,\n  \"vantage\": \"ap\",\n  \"at\": oops}\n"),
		"results/eu-copy.json": file(fresh("eu", -1)),
		"results/ap-1.json":    file(shard("ap", 1, "api")),
		"results/ap-2.json":    file(shard("ap", 2, "web", "gone")),
	}
	pushed := map[string][]byte{
		PushedDir + "/us.json": file(fresh("us", -1)),
	}
	in, refused, ignored := accept(cfg, window{now: now, until: now}, &own, files, pushed)
	var got []string
	for _, r := range refused {
		got = append(got, r.Error())
	}
	want := []string{
		"results/broken.json: refused (malformed): results/broken.json:3:9: invalid JSON: invalid character 'o' looking for beginning of value",
		`results/future.json: refused (dated after the round): probed at 2026-11-26T14:13:00Z, 3m0s after the round at 2026-11-26T14:10:00Z`,
		`results/mars.json: refused (unknown vantage point): "mars" is not among the vantages of the config`,
		`results/stale.json: refused (older than the interval): probed at 2026-11-26T14:04:00Z, 6m0s before the round at 2026-11-26T14:10:00Z; the interval is 5m0s`,
		"results/eu-copy.json: refused (duplicate): vantage point eu checked api here and in the round's own probes",
		"results/us.json: refused (duplicate): vantage point us checked api here and in vantages/us.json",
		"vantages/us.json: refused (duplicate): vantage point us checked api here and in results/us.json",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refused (-want +got):\n%s", diff)
	}
	var merged []string
	for _, x := range in {
		merged = append(merged, x.v.Name+":"+x.path)
	}
	if diff := cmp.Diff([]string{"eu:", "ap:results/ap-1.json", "ap:results/ap-2.json"}, merged); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	if len(ignored) != 1 || ignored[0].Error() != `results/ap-2.json:9:5: results: "gone" is not a probed component of the config; its result is left out` {
		t.Errorf("ignored = %v", ignored)
	}
	results, _ := merge(cfg, in)
	if len(results[1].Vantages) != 2 || results[1].Vantages[1].Vantage != "ap" {
		t.Errorf("two shards of ap did not merge as one vantage point: %+v", results[1].Vantages)
	}
}

// TestLoneDissentOpensNothing: one of three locations failing round after
// round is recorded beside an up result and opens nothing; when a second
// agrees, the incident says which locations failed.
func TestLoneDissentOpensNothing(t *testing.T) {
	r := &rig{t: t, cfg: vantageCfg(t, ""), store: newMemStore()}
	roundOf := func(m float64, eu, us, ap candor.Outcome) *Report {
		files := map[string][]byte{}
		for _, v := range []Vantage{seen("us", false, us), seen("ap", false, ap)} {
			v.At = at(m)
			files["results/"+v.Name+".json"] = file(v)
		}
		own := seen("eu", false, eu)
		return r.run(Round{Now: at(m), Results: own.Results, Vantage: "eu", Files: files})
	}
	for i := range 4 {
		rep := roundOf(float64(5*i), down, up, up)
		if len(rep.Events) != 0 || len(rep.Merged) != 3 || len(rep.FileRefusals) != 0 {
			t.Fatalf("round %d: events %v, merged %+v, refused %v", i, kinds(rep.Events), rep.Merged, rep.FileRefusals)
		}
	}
	if st := r.state(); st.Outcome != up || st.Passing != 4 || !st.Last.Dissent() || st.Last.Vantages[0].Outcome != down {
		t.Fatalf("state after four lone dissents = %+v, want up four times with eu's failure kept", st)
	}
	roundOf(20, down, down, up)
	rep := roundOf(25, down, down, up)
	if kinds(rep.Events) == nil || rep.Events[0].Kind != Opened {
		t.Fatalf("two of three failing for two rounds opened nothing: %v", kinds(rep.Events))
	}
	text := rep.Events[0].Text
	if want := "the latest: 2 of 3 locations failing: Frankfurt (timed out after 10s waiting for headers), Virginia (status 503 Service Unavailable)."; !strings.Contains(text, want) {
		t.Errorf("incident text = %q, want it to contain %q", text, want)
	}
}

func TestPushedFilesAreMergedOnce(t *testing.T) {
	r := &rig{t: t, cfg: vantageCfg(t, "  quorum: 1\n"), store: newMemStore()}
	push := func(name string, m float64, api candor.Outcome) {
		v := seen(name, false, api)
		v.At = at(m)
		r.store.data[PushedDir+"/"+name+".json"] = file(v)
	}
	push("us", -1, down)
	push("ap", -9, down) // stopped pushing long ago
	rep := r.run(Round{Now: at(0), Results: seen("eu", false, up).Results})
	if len(rep.Merged) != 2 || rep.Merged[1].Vantage != "us" || rep.Results[0].Outcome != down {
		t.Fatalf("pushed us not merged: merged %+v, api %s", rep.Merged, rep.Results[0].Outcome)
	}
	if len(rep.FileRefusals) != 1 || rep.FileRefusals[0].Reason != FileStale || !rep.FileRefusals[0].Pushed {
		t.Errorf("refused = %+v, want the stale pushed ap", rep.FileRefusals)
	}
	for _, p := range []string{PushedDir + "/us.json", PushedDir + "/ap.json"} {
		if _, there := r.store.data[p]; there {
			t.Errorf("%s is still in the measurements after the round read it", p)
		}
	}
	rep = r.run(Round{Now: at(5), Results: seen("eu", false, up).Results})
	if len(rep.Merged) != 1 || rep.Results[0].Outcome != up {
		t.Errorf("the next round merged the pushed file again: merged %+v, api %s", rep.Merged, rep.Results[0].Outcome)
	}
}

// TestOnlyFiles: a round with no probes of its own merges the files, and
// is blind only when every vantage point was.
func TestOnlyFiles(t *testing.T) {
	r := &rig{t: t, cfg: vantageCfg(t, ""), store: newMemStore()}
	files := map[string][]byte{"a.json": file(seen("eu", true, down)), "b.json": file(seen("us", false, up))}
	rep := r.run(Round{Now: t0, Files: files})
	if rep.Blind || rep.Results[0].Outcome != up || len(rep.Merged) != 2 {
		t.Errorf("blind %v, api %s, merged %+v; want not blind, api up from us", rep.Blind, rep.Results[0].Outcome, rep.Merged)
	}
	files = map[string][]byte{"a.json": file(seen("eu", true, down)), "b.json": file(seen("us", true, up))}
	for _, f := range files {
		_ = f
	}
	r2 := &rig{t: t, cfg: vantageCfg(t, ""), store: newMemStore()}
	rep = r2.run(Round{Now: t0, Files: files})
	if !rep.Blind || rep.Results[0].Class != candor.ClassBlind {
		t.Errorf("every vantage point blind: blind %v, api %+v", rep.Blind, rep.Results[0])
	}
	if _, err := Run(t.Context(), r.cfg, r.store, Round{Now: at(5), Results: []candor.Result{result(up)}, Vantage: "mars"}); err == nil {
		t.Error("a round naming a vantage point the config does not declare ran")
	}
}

// TestOneVantagePointAsBefore: without vantages in the config, the round
// records its own results as it always did, and refuses any file.
func TestOneVantagePointAsBefore(t *testing.T) {
	r := newRig(t, "")
	rep := r.run(Round{Now: t0, Results: []candor.Result{result(down)}, Files: map[string][]byte{"x.json": file(seen("eu", false, up))}})
	if rep.Results[0].Outcome != down || rep.Results[0].Vantages != nil || rep.Merged != nil {
		t.Errorf("result %+v, merged %+v; want down as measured, no vantage points", rep.Results[0], rep.Merged)
	}
	if len(rep.FileRefusals) != 1 || rep.FileRefusals[0].Reason != FileUnknownVantage {
		t.Errorf("refused = %v", rep.FileRefusals)
	}
}

// TestConfirmRecordsTheFirstOpinionsRound: the confirm job of a second
// opinion runs minutes after the first opinion's round began (a queue, a
// build from source). Dated at the first opinion's time with its own clock
// beside it, it merges the first opinion and the second opinions probed
// since, records the round the first opinion measured, and still refuses
// what is stale or belongs to a later round.
func TestConfirmRecordsTheFirstOpinionsRound(t *testing.T) {
	r := &rig{t: t, cfg: vantageCfg(t, ""), store: newMemStore()}
	first := seen("eu", false, down) // api down, web up
	first.At = at(0)
	second := only("us", down)
	second.At = at(7) // after the interval of the first opinion's round
	r.store.data[PushedDir+"/ap.json"] = file(Vantage{Name: "ap", At: at(-6), Results: []candor.Result{result(up)}})
	later := Vantage{Name: "ap", At: at(6), Results: []candor.Result{result(up)}}
	r.store.data[PushedDir+"/ap.2-of-2.json"] = file(Vantage{Name: "ap", At: at(6), Shard: Shard{2, 2}, Results: later.Results})
	rep := r.run(Round{Now: at(0), Clock: at(8), Files: map[string][]byte{"results/eu.json": file(first), "results/us.json": file(second)}})
	if api, web := rep.Results[0], rep.Results[1]; api.Outcome != down || web.Outcome != up || !api.At.Equal(at(0)) {
		t.Errorf("confirm: api %s at %s, web %s; want api down (2 of 3), web up as the first opinion measured, at the first opinion's round", api.Outcome, stamp(api.At), web.Outcome)
	}
	var reasons []string
	for _, f := range rep.FileRefusals {
		reasons = append(reasons, f.Path+": "+string(f.Reason))
	}
	if want := []string{"vantages/ap.2-of-2.json: " + string(FileFuture), "vantages/ap.json: " + string(FileStale)}; !slices.Equal(reasons, want) {
		t.Errorf("refused %v, want %v", reasons, want)
	}
	if _, kept := r.store.data[PushedDir+"/ap.2-of-2.json"]; !kept {
		t.Error("a pushed file of a later round was removed by the confirm job: the next round cannot merge it")
	}
	if _, kept := r.store.data[PushedDir+"/ap.json"]; kept {
		t.Error("the stale pushed file is still there")
	}
	// Without the clock beside it, the second opinion is from after the
	// round; as before, the round's clock is its time.
	r2 := &rig{t: t, cfg: vantageCfg(t, ""), store: newMemStore()}
	rep = r2.run(Round{Now: at(0), Files: map[string][]byte{"results/eu.json": file(first), "results/us.json": file(second)}})
	if len(rep.FileRefusals) != 1 || rep.FileRefusals[0].Reason != FileFuture {
		t.Errorf("a round at its own time took a file dated 7 minutes after it: %v", rep.FileRefusals)
	}
}

// TestAResultsFileCountsForOneRound: a file left in the --results folder is
// merged by one round only, however fresh it still is; a newer round of
// the same vantage point is merged again.
func TestAResultsFileCountsForOneRound(t *testing.T) {
	r := &rig{t: t, cfg: vantageCfg(t, "  quorum: 1\n"), store: newMemStore()}
	v := seen("us", false, down)
	v.At = at(0)
	files := map[string][]byte{"res/us.json": file(v)}
	r.run(Round{Now: at(0), Files: files})
	rep := r.run(Round{Now: at(0).Add(2 * time.Second), Files: files})
	if len(rep.FileRefusals) != 1 || rep.FileRefusals[0].Reason != FileMerged || len(rep.Events) != 0 {
		t.Fatalf("the same file 2 s later: refused %v, events %v; want it refused as merged already and nothing opened", rep.FileRefusals, kinds(rep.Events))
	}
	if want := "res/us.json: refused (merged already): its round at 2026-11-26T14:00:00Z was merged before: the last round of us merged is the one at 2026-11-26T14:00:00Z, and each counts once"; rep.FileRefusals[0].Error() != want {
		t.Errorf("refusal = %q, want %q", rep.FileRefusals[0].Error(), want)
	}
	if st := r.state(); st.Failing != 1 {
		t.Errorf("one observation counted %d times", st.Failing)
	}
	v.At = at(1)
	rep = r.run(Round{Now: at(1), Files: map[string][]byte{"res/us.json": file(v)}})
	if len(rep.FileRefusals) != 0 || kinds(rep.Events) == nil {
		t.Errorf("a newer round of us: refused %v, events %v; want it merged, and the incident opened on the second failure", rep.FileRefusals, kinds(rep.Events))
	}
	if got := string(r.store.data[MergedFile]); !strings.Contains(got, "us\t2026-11-26T14:01:00Z\n") {
		t.Errorf("%s = %q", MergedFile, got)
	}
	// A round of us older than the one merged last, arriving late, is
	// refused as such, not as merged before.
	v.At = at(0).Add(30 * time.Second)
	rep = r.run(Round{Now: at(1).Add(40 * time.Second), Files: map[string][]byte{"res/us.json": file(v)}})
	if len(rep.FileRefusals) != 1 || !strings.Contains(rep.FileRefusals[0].Error(), "is older than the round of us merged last, at 2026-11-26T14:01:00Z (written late, or its clock went back)") {
		t.Errorf("a late, older round of us: refused %v", rep.FileRefusals)
	}
}

// A damaged line of merged.tsv is kept as it is and reported at its line
// every round, as damage in every other file of the record is.
func TestDamagedMergedLineIsReported(t *testing.T) {
	r := &rig{t: t, cfg: vantageCfg(t, "  quorum: 1\n"), store: newMemStore()}
	r.store.data[MergedFile] = []byte(mergedHeader + "us\tyesterday\n")
	for range 2 {
		lines := strings.Split(string(r.store.data[MergedFile]), "\n") // as the round reads it
		v := seen("us", false, up)
		rep := r.run(Round{Now: at(0), Files: map[string][]byte{"res/us.json": file(v)}})
		found := false
		for _, p := range rep.DataProblems {
			found = found || p.Path == MergedFile && p.Line > 0 && p.Line <= len(lines) && lines[p.Line-1] == "us\tyesterday"
		}
		if !found {
			t.Errorf("data problems %v, want the damaged line of %s at its line", rep.DataProblems, MergedFile)
		}
		if !strings.Contains(string(r.store.data[MergedFile]), "us\tyesterday\n") {
			t.Errorf("%s = %q, want the damaged line kept", MergedFile, r.store.data[MergedFile])
		}
	}
}
