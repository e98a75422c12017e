#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "credential.h"
#include "i18n.h"
#include "json.h"

/* ---- small JSON helpers --------------------------------------------- */

static void
add_str(cJSON *obj, const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		cJSON_AddStringToObject(obj, name, value);
}

const char *
credential_lang_string(const cJSON *v)
{
	const cJSON *e;

	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsObject(v)) {
		const char *s = json_str(v, "@value");
		if (s != NULL)
			return s;
		/* a language map: English first, then the first entry */
		cJSON_ArrayForEach(e, v)
			if (e->string != NULL && strncmp(e->string, "en", 2) == 0 &&
			    cJSON_IsString(e))
				return e->valuestring;
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e))
				return e->valuestring;
		return NULL;
	}
	if (cJSON_IsArray(v)) {
		const char *first = NULL;
		cJSON_ArrayForEach(e, v) {
			const char *s = credential_lang_string(e);
			const char *lang = cJSON_IsObject(e) ? json_str(e, "@language") : NULL;
			if (s != NULL && lang != NULL && strncmp(lang, "en", 2) == 0)
				return s;
			if (s != NULL && first == NULL)
				first = s;
		}
		return first;
	}
	return NULL;
}

static const char *
lang_member(const cJSON *obj, const char *name)
{
	return credential_lang_string(cJSON_GetObjectItemCaseSensitive(obj, name));
}

/* An id given as a string or as an object's "id" (images, criteria). */
static const char *
id_of(const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsObject(v))
		return json_str(v, "id");
	return NULL;
}

int
credential_has_type(const cJSON *doc, const char *t)
{
	return json_has_string(cJSON_GetObjectItemCaseSensitive(doc, "type"), t) ||
	       json_has_string(cJSON_GetObjectItemCaseSensitive(doc, "@type"), t);
}

static int
context_has(const cJSON *doc, const char *needle)
{
	const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(doc, "@context"), *e;

	if (cJSON_IsString(ctx))
		return strstr(ctx->valuestring, needle) != NULL;
	cJSON_ArrayForEach(e, ctx)
		if (cJSON_IsString(e) && strstr(e->valuestring, needle) != NULL)
			return 1;
	return 0;
}

int
credential_is_ob2(const cJSON *doc)
{
	if (!cJSON_IsObject(doc))
		return 0;
	if (credential_has_type(doc, "VerifiableCredential"))
		return 0;
	return context_has(doc, "w3id.org/openbadges/v2") ||
	       context_has(doc, "openbadgespec.org/v2") ||
	       (credential_has_type(doc, "Assertion") &&
	        cJSON_GetObjectItemCaseSensitive(doc, "badge") != NULL);
}

/* ---- dates ---------------------------------------------------------- */

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static long long
days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: days since 1970-01-01 */
	long long yy = y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
credential_parse_time(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, off = 0;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p;

	if (s == NULL || strlen(s) < 10 || digits(s, 4, &y) < 0 || s[4] != '-' ||
	    digits(s + 5, 2, &mo) < 0 || s[7] != '-' || digits(s + 8, 2, &d) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (digits(p + 1, 2, &h) < 0 || p[3] != ':' || digits(p + 4, 2, &mi) < 0)
			return -1;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &se) < 0)
				return -1;
			p += 3;
			if (*p == '.' || *p == ',') {
				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 24 || mi > 59 || se > 60)
			return -1;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;
			if (digits(p + 1, 2, &oh) < 0 || p[3] != ':' || digits(p + 4, 2, &om) < 0)
				return -1;
			off = (oh * 60 + om) * 60 * (*p == '+' ? 1 : -1);
			p += 6;
		}
	}
	if (*p != '\0')
		return -1;
	*out = (time_t)(days_from_civil(y, mo, d) * 86400LL + h * 3600 + mi * 60 + se - off);
	return 0;
}

static void
add_time_from_epoch(cJSON *rec, const char *name, const cJSON *jwt, const char *claim)
{
	double v;
	char buf[32];
	time_t t;
	struct tm tm;

	if (jwt == NULL || cJSON_GetObjectItemCaseSensitive(rec, name) != NULL ||
	    !json_num(jwt, claim, &v) || !isfinite(v) || v < 0 || v > 253402300799.0)
		return;
	t = (time_t)v;
	if (gmtime_r(&t, &tm) == NULL)
		return;
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(rec, name, buf);
}

const char *
credential_status(const cJSON *record, time_t now)
{
	const char *until = json_str(record, "validUntil");
	const char *stored = json_str(json_obj(record, "verdict"), "status");
	time_t t;

	/* a failure stays a failure; anything else expires with the clock */
	if (stored != NULL && strcmp(stored, "failed") == 0)
		return "failed";
	if (until != NULL && credential_parse_time(until, &t) == 0 && t <= now)
		return "expired";
	if (stored != NULL && strcmp(stored, "verified") == 0)
		return "verified";
	/* "expired" at another clock, or undecided: verify again to know */
	return "unknown";
}

/* ---- the parts every format shares ---------------------------------- */

static void
add_alignments(cJSON *rec, const cJSON *list, int *eqf)
{
	cJSON *out = cJSON_GetObjectItemCaseSensitive(rec, "alignments");
	const cJSON *a;

	if (cJSON_IsObject(list)) {
		/* a single alignment given as an object */
		cJSON *tmp = cJSON_CreateArray();
		cJSON_AddItemReferenceToArray(tmp, (cJSON *)list);
		add_alignments(rec, tmp, eqf);
		cJSON_Delete(tmp);
		return;
	}
	if (!cJSON_IsArray(list))
		return;
	if (out == NULL)
		out = cJSON_AddArrayToObject(rec, "alignments");
	cJSON_ArrayForEach(a, list) {
		cJSON *o;
		const char *fw, *code, *url, *name;

		if (!cJSON_IsObject(a))
			continue;
		name = json_str(a, "targetName");
		url = json_str(a, "targetUrl");
		fw = json_str(a, "targetFramework");
		code = json_str(a, "targetCode");
		o = cJSON_CreateObject();
		add_str(o, "name", name);
		add_str(o, "url", url);
		add_str(o, "framework", fw);
		add_str(o, "code", code);
		add_str(o, "type", json_str(a, "targetType"));
		add_str(o, "description", json_str(a, "targetDescription"));
		cJSON_AddItemToArray(out, o);
		/* the EQF level, when an alignment names that framework */
		if (*eqf == 0 && ((fw && (strstr(fw, "EQF") || strstr(fw, "European Qualifications Framework"))) ||
		                  (url && strstr(url, "data.europa.eu/snb/eqf/")))) {
			const char *digit = code;
			if ((digit == NULL || !isdigit((unsigned char)*digit)) && url != NULL)
				digit = strrchr(url, '/') ? strrchr(url, '/') + 1 : NULL;
			if (digit != NULL && *digit >= '1' && *digit <= '8' && digit[1] == '\0')
				*eqf = *digit - '0';
		}
	}
}

static void
add_tags(cJSON *rec, const cJSON *tags)
{
	cJSON *out = cJSON_GetObjectItemCaseSensitive(rec, "tags");
	const cJSON *t;

	if (!cJSON_IsArray(tags) && !cJSON_IsString(tags))
		return;
	if (out == NULL)
		out = cJSON_AddArrayToObject(rec, "tags");
	if (cJSON_IsString(tags)) {
		if (!json_has_string(out, tags->valuestring))
			cJSON_AddItemToArray(out, cJSON_CreateString(tags->valuestring));
		return;
	}
	cJSON_ArrayForEach(t, tags)
		if (cJSON_IsString(t) && t->valuestring[0] != '\0' &&
		    !json_has_string(out, t->valuestring))
			cJSON_AddItemToArray(out, cJSON_CreateString(t->valuestring));
}

static void
add_evidence(cJSON *rec, const cJSON *ev)
{
	cJSON *out;
	const cJSON *e;

	if (ev == NULL)
		return;
	out = cJSON_AddArrayToObject(rec, "evidence");
	if (cJSON_IsString(ev) || cJSON_IsObject(ev)) {
		cJSON *tmp = cJSON_CreateArray();
		cJSON_AddItemReferenceToArray(tmp, (cJSON *)ev);
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "evidence");
		add_evidence(rec, tmp);
		cJSON_Delete(tmp);
		return;
	}
	cJSON_ArrayForEach(e, ev) {
		cJSON *o = cJSON_CreateObject();
		if (cJSON_IsString(e)) {
			add_str(o, "id", e->valuestring);
		} else if (cJSON_IsObject(e)) {
			add_str(o, "id", json_str(e, "id"));
			add_str(o, "name", lang_member(e, "name"));
			add_str(o, "narrative", lang_member(e, "narrative"));
			add_str(o, "description", lang_member(e, "description"));
		}
		if (o->child != NULL)
			cJSON_AddItemToArray(out, o);
		else
			cJSON_Delete(o);
	}
}

/* Hours from a number or an ISO 8601 duration ("PT125H", "P5D"). */
static int
hours_of(const cJSON *v, double *hours)
{
	const char *s;
	double total = 0;
	int in_time = 0;

	if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0) {
		*hours = v->valuedouble;
		return 1;
	}
	if (!cJSON_IsString(v))
		return 0;
	s = v->valuestring;
	if (*s != 'P')
		return 0;
	for (s++; *s;) {
		char *end;
		double n;
		if (*s == 'T') {
			in_time = 1;
			s++;
			continue;
		}
		n = strtod(s, &end);
		if (end == s || n < 0 || !isfinite(n))
			return 0;
		switch (*end) {
		case 'Y': total += n * 365 * 24; break;
		case 'W': total += n * 7 * 24; break;
		case 'D': total += n * 24; break;
		case 'M': total += in_time ? n / 60 : n * 30 * 24; break;
		case 'H': total += n; break;
		case 'S': total += n / 3600; break;
		default: return 0;
		}
		s = end + 1;
	}
	*hours = total;
	return 1;
}

/* The first member of obj, among names, that is a (language) string or
 * an object with a name. */
static const char *
first_text(const cJSON *obj, const char *const *names)
{
	for (; *names != NULL; names++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, *names);
		const char *s = credential_lang_string(v);
		if (s == NULL && cJSON_IsObject(v))
			s = lang_member(v, "name");
		if (s == NULL && cJSON_IsBool(v))
			s = cJSON_IsTrue(v) ? "yes" : "no";
		if (s != NULL && *s != '\0')
			return s;
	}
	return NULL;
}

static void
set_credits(cJSON *rec, double value, const char *unit, const char *source)
{
	cJSON *c;

	if (cJSON_GetObjectItemCaseSensitive(rec, "credits") != NULL ||
	    !isfinite(value) || value < 0)
		return;
	c = cJSON_AddObjectToObject(rec, "credits");
	cJSON_AddNumberToObject(c, "value", value);
	cJSON_AddStringToObject(c, "unit", unit != NULL ? unit : "credits");
	cJSON_AddStringToObject(c, "source", source);
}

/* European micro-credential elements: the Open Badges 3.0 fields, and the
 * common spellings of the European Learning Model's. */
static void
add_micro_elements(cJSON *rec, const cJSON *subject, const cJSON *ach, int *eqf)
{
	static const char *const unit_names[] = {"creditsUnit", "creditUnit", NULL};
	static const char *const hours_names[] = {"workload", "workloadHours", "volumeOfLearning",
	                                          "learningHours", "hours", NULL};
	static const char *const assess_names[] = {"assessment", "typeOfAssessment",
	                                           "assessmentType", NULL};
	static const char *const part_names[] = {"formOfParticipation", "modeOfParticipation",
	                                         "participation", "learningMode", "mode", NULL};
	static const char *const qa_names[] = {"qualityAssurance", "isQualityAssured",
	                                       "qualityAssured", NULL};
	const cJSON *objs[2] = {subject, ach};
	double v;
	const char *s;

	for (int i = 0; i < 2; i++) {
		const cJSON *o = objs[i];
		const cJSON *cp;
		if (i == 1 && subject != NULL) {
			/* what the results say the learner earned comes before
			 * anything the achievement offers */
			const cJSON *results = json_arr(subject, "result"), *r;
			cJSON_ArrayForEach(r, results) {
				if (cJSON_IsObject(r) && json_num(r, "creditsEarned", &v))
					set_credits(rec, v, json_str(r, "creditsUnit"), "result");
			}
		}
		if (o == NULL)
			continue;
		s = first_text(o, unit_names);
		if (i == 0 && json_num(o, "creditsEarned", &v))
			set_credits(rec, v, s ? s : first_text(ach, unit_names), "creditsEarned");
		if (json_num(o, "ECTSCreditPoints", &v))
			set_credits(rec, v, "ECTS", "ECTSCreditPoints");
		cp = cJSON_GetObjectItemCaseSensitive(o, "creditPoint");
		if (cp == NULL)
			cp = cJSON_GetObjectItemCaseSensitive(o, "credit");
		if (cJSON_IsArray(cp))
			cp = cJSON_GetArrayItem(cp, 0);
		if (cJSON_IsObject(cp) && (json_num(cp, "point", &v) || json_num(cp, "value", &v))) {
			const char *u = json_str(cp, "unit");
			const char *fw = u ? u : id_of(cJSON_GetObjectItemCaseSensitive(cp, "framework"));
			if (fw == NULL)
				fw = lang_member(cJSON_GetObjectItemCaseSensitive(cp, "framework"), "title");
			if (fw != NULL && strstr(fw, "ects") != NULL)
				fw = "ECTS";
			set_credits(rec, v, fw, "creditPoint");
		}
	}
	if (ach != NULL && json_num(ach, "creditsAvailable", &v))
		set_credits(rec, v, first_text(ach, unit_names), "creditsAvailable");

	for (int i = 0; i < 2; i++) {
		const cJSON *o = objs[i];
		double h;
		const cJSON *lvl;
		if (o == NULL)
			continue;
		for (const char *const *n = hours_names; *n; n++) {
			if (cJSON_GetObjectItemCaseSensitive(rec, "workloadHours") == NULL &&
			    hours_of(cJSON_GetObjectItemCaseSensitive(o, *n), &h))
				cJSON_AddNumberToObject(rec, "workloadHours", h);
		}
		if (cJSON_GetObjectItemCaseSensitive(rec, "assessment") == NULL)
			add_str(rec, "assessment", first_text(o, assess_names));
		if (cJSON_GetObjectItemCaseSensitive(rec, "participation") == NULL)
			add_str(rec, "participation", first_text(o, part_names));
		if (cJSON_GetObjectItemCaseSensitive(rec, "qualityAssurance") == NULL)
			add_str(rec, "qualityAssurance", first_text(o, qa_names));
		lvl = cJSON_GetObjectItemCaseSensitive(o, "eqfLevel");
		if (lvl == NULL)
			lvl = cJSON_GetObjectItemCaseSensitive(o, "EQFLevel");
		if (*eqf == 0 && cJSON_IsNumber(lvl) && lvl->valuedouble >= 1 && lvl->valuedouble <= 8)
			*eqf = (int)lvl->valuedouble;
		s = id_of(cJSON_GetObjectItemCaseSensitive(o, "eqfLevel"));
		if (s == NULL)
			s = id_of(cJSON_GetObjectItemCaseSensitive(o, "level"));
		if (*eqf == 0 && s != NULL) {
			const char *last = strrchr(s, '/');
			last = last ? last + 1 : s;
			if (*last >= '1' && *last <= '8' && last[1] == '\0' &&
			    (last == s || strstr(s, "eqf") != NULL))
				*eqf = *last - '0';
		}
	}
}

static void
add_achievement(cJSON *rec, const cJSON *ach, int *eqf)
{
	cJSON *a = cJSON_AddObjectToObject(rec, "achievement");
	const cJSON *crit = cJSON_GetObjectItemCaseSensitive(ach, "criteria");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(ach, "achievementType");

	add_str(a, "id", json_str(ach, "id"));
	add_str(a, "type", cJSON_IsString(t) ? t->valuestring : NULL);
	add_str(a, "name", lang_member(ach, "name"));
	add_str(a, "description", lang_member(ach, "description"));
	add_str(a, "fieldOfStudy", lang_member(ach, "fieldOfStudy"));
	add_str(a, "specialization", lang_member(ach, "specialization"));
	if (crit != NULL) {
		cJSON *c = cJSON_AddObjectToObject(a, "criteria");
		add_str(c, "id", id_of(crit));
		if (cJSON_IsObject(crit))
			add_str(c, "narrative", lang_member(crit, "narrative"));
	}
	add_tags(rec, cJSON_GetObjectItemCaseSensitive(ach, "tag"));
	add_tags(rec, cJSON_GetObjectItemCaseSensitive(ach, "tags"));
	add_alignments(rec, cJSON_GetObjectItemCaseSensitive(ach, "alignment"), eqf);
}

static void
add_issuer(cJSON *rec, const cJSON *iss)
{
	cJSON *o = cJSON_AddObjectToObject(rec, "issuer");

	if (cJSON_IsString(iss)) {
		add_str(o, "id", iss->valuestring);
		return;
	}
	if (!cJSON_IsObject(iss))
		return;
	add_str(o, "id", json_str(iss, "id"));
	add_str(o, "name", lang_member(iss, "name"));
	add_str(o, "url", id_of(cJSON_GetObjectItemCaseSensitive(iss, "url")));
	add_str(o, "email", json_str(iss, "email"));
}

static void
add_image(cJSON *rec, const cJSON *img)
{
	const char *url = id_of(img);
	cJSON *o;

	if (url == NULL || cJSON_GetObjectItemCaseSensitive(rec, "image") != NULL)
		return;
	o = cJSON_AddObjectToObject(rec, "image");
	cJSON_AddStringToObject(o, "url", url);
}

static void
add_types(cJSON *rec, const cJSON *doc)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "type"), *e;
	cJSON *out = cJSON_AddArrayToObject(rec, "types");

	if (t == NULL)
		t = cJSON_GetObjectItemCaseSensitive(doc, "@type");
	if (cJSON_IsString(t))
		cJSON_AddItemToArray(out, cJSON_CreateString(t->valuestring));
	if (!cJSON_IsArray(t))
		return;
	cJSON_ArrayForEach(e, t)
		if (cJSON_IsString(e))
			cJSON_AddItemToArray(out, cJSON_CreateString(e->valuestring));
}

static void
add_recipient(cJSON *rec, const cJSON *subj)
{
	cJSON *o = cJSON_AddObjectToObject(rec, "recipient");
	const cJSON *ids = json_arr(subj, "identifier"), *e;

	add_str(o, "id", json_str(subj, "id"));
	add_str(o, "name", lang_member(subj, "name"));
	cJSON_ArrayForEach(e, ids) {
		const char *h = json_str(e, "identityHash");
		const cJSON *hashed = cJSON_GetObjectItemCaseSensitive(e, "hashed");
		if (h != NULL && !cJSON_IsTrue(hashed)) {
			add_str(o, "identity", h);
			break;
		}
	}
}

/* ---- VC 1.1 / 2.0, Open Badges 3.0 ---------------------------------- */

static enum cairn_err
record_vc(const cJSON *cred, const cJSON *jwt, cJSON *rec, struct cairn_error *err)
{
	const cJSON *subjects = cJSON_GetObjectItemCaseSensitive(cred, "credentialSubject");
	const cJSON *subject = subjects, *ach = NULL;
	const char *title, *desc;
	int eqf = 0, nsubj = 1;

	if (cJSON_IsArray(subjects)) {
		nsubj = cJSON_GetArraySize(subjects);
		subject = cJSON_GetArrayItem(subjects, 0);
	}
	if (subject != NULL && !cJSON_IsObject(subject))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("credentialSubject is not an object"));
	if (subject == NULL && jwt == NULL)
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the credential has no credentialSubject"));
	cJSON_AddStringToObject(rec, "format",
	                        context_has(cred, "www.w3.org/ns/credentials/v2") ? "vc2" : "vc1");
	add_types(rec, cred);
	ach = subject ? json_obj(subject, "achievement") : NULL;
	if (ach == NULL && subject != NULL) {
		/* Open Badges 3.0 allows an array; VC 1.1 examples use hasCredential */
		const cJSON *arr = json_arr(subject, "achievement");
		if (arr != NULL && cJSON_IsObject(cJSON_GetArrayItem(arr, 0)))
			ach = cJSON_GetArrayItem(arr, 0);
		else
			ach = json_obj(subject, "hasCredential");
	}

	title = lang_member(cred, "name");
	if (title == NULL && ach != NULL)
		title = lang_member(ach, "name");
	if (title == NULL && subject != NULL)
		title = lang_member(subject, "name");
	desc = lang_member(cred, "description");
	if (desc == NULL && ach != NULL)
		desc = lang_member(ach, "description");
	add_str(rec, "title", title);
	add_str(rec, "description", desc);
	if (ach != NULL)
		add_achievement(rec, ach, &eqf);
	{
		const cJSON *iss = cJSON_GetObjectItemCaseSensitive(cred, "issuer");
		if (iss == NULL && jwt != NULL)
			iss = cJSON_GetObjectItemCaseSensitive(jwt, "iss");
		if (!cJSON_IsString(iss) && !cJSON_IsObject(iss))
			return cairn_error_set(err, CAIRN_ERR_USAGE,
			                       _("the credential has no issuer"));
		add_issuer(rec, iss);
	}
	if (subject != NULL)
		add_recipient(rec, subject);
	else if (jwt != NULL && json_str(jwt, "sub") != NULL)
		add_str(cJSON_AddObjectToObject(rec, "recipient"), "id", json_str(jwt, "sub"));

	add_str(rec, "issued", subject ? json_str(subject, "awardedDate") : NULL);
	if (cJSON_GetObjectItemCaseSensitive(rec, "issued") == NULL)
		add_str(rec, "issued", json_str(cred, "awardedDate"));
	if (cJSON_GetObjectItemCaseSensitive(rec, "issued") == NULL)
		add_str(rec, "issued", json_str(cred, "issuanceDate"));
	if (cJSON_GetObjectItemCaseSensitive(rec, "issued") == NULL)
		add_str(rec, "issued", json_str(cred, "validFrom"));
	add_str(rec, "validFrom", json_str(cred, "validFrom"));
	if (cJSON_GetObjectItemCaseSensitive(rec, "validFrom") == NULL)
		add_str(rec, "validFrom", json_str(cred, "issuanceDate"));
	add_str(rec, "validUntil", json_str(cred, "validUntil"));
	if (cJSON_GetObjectItemCaseSensitive(rec, "validUntil") == NULL)
		add_str(rec, "validUntil", json_str(cred, "expirationDate"));
	add_time_from_epoch(rec, "issued", jwt, "iat");
	add_time_from_epoch(rec, "issued", jwt, "nbf");
	add_time_from_epoch(rec, "validFrom", jwt, "nbf");
	add_time_from_epoch(rec, "validUntil", jwt, "exp");

	add_image(rec, cJSON_GetObjectItemCaseSensitive(cred, "image"));
	if (ach != NULL)
		add_image(rec, cJSON_GetObjectItemCaseSensitive(ach, "image"));
	add_micro_elements(rec, subject, ach, &eqf);
	add_alignments(rec, cJSON_GetObjectItemCaseSensitive(cred, "alignment"), &eqf);
	if (eqf > 0)
		cJSON_AddNumberToObject(rec, "eqfLevel", eqf);
	add_evidence(rec, cJSON_GetObjectItemCaseSensitive(cred, "evidence"));
	if (subject != NULL && cJSON_GetObjectItemCaseSensitive(rec, "evidence") == NULL)
		add_evidence(rec, cJSON_GetObjectItemCaseSensitive(subject, "evidence"));
	add_str(rec, "credentialId", json_str(cred, "id"));
	if (cJSON_GetObjectItemCaseSensitive(rec, "credentialId") == NULL && jwt != NULL)
		add_str(rec, "credentialId", json_str(jwt, "jti"));
	cJSON_AddNumberToObject(rec, "subjects", nsubj);
	return CAIRN_OK;
}

/* ---- Open Badges 2.0 ------------------------------------------------ */

static enum cairn_err
record_ob2(const cJSON *a, cJSON *rec, struct cairn_error *err)
{
	const cJSON *badge = cJSON_GetObjectItemCaseSensitive(a, "badge");
	const cJSON *issuer = NULL, *verification, *recipient;
	cJSON *offline = cJSON_CreateArray();
	int eqf = 0;

	cJSON_AddStringToObject(rec, "format", "ob2");
	add_types(rec, a);
	if (cJSON_IsObject(badge)) {
		add_str(rec, "title", lang_member(badge, "name"));
		add_str(rec, "description", lang_member(badge, "description"));
		add_achievement(rec, badge, &eqf);
		issuer = cJSON_GetObjectItemCaseSensitive(badge, "issuer");
		add_image(rec, cJSON_GetObjectItemCaseSensitive(a, "image"));
		add_image(rec, cJSON_GetObjectItemCaseSensitive(badge, "image"));
		add_micro_elements(rec, NULL, badge, &eqf);
	} else if (cJSON_IsString(badge)) {
		cJSON *ach = cJSON_AddObjectToObject(rec, "achievement");
		cJSON_AddStringToObject(ach, "id", badge->valuestring);
		/* the badge's name is online: its address is all there is */
		add_str(rec, "title", badge->valuestring);
		cJSON_AddItemToArray(offline, cJSON_CreateString("badge"));
		add_image(rec, cJSON_GetObjectItemCaseSensitive(a, "image"));
	} else {
		cJSON_Delete(offline);
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("the Open Badges 2.0 assertion has no badge"));
	}
	if (cJSON_IsString(issuer))
		cJSON_AddItemToArray(offline, cJSON_CreateString("issuer"));
	if (issuer != NULL)
		add_issuer(rec, issuer);
	else
		cJSON_AddObjectToObject(rec, "issuer");
	recipient = json_obj(a, "recipient");
	if (recipient != NULL) {
		cJSON *o = cJSON_AddObjectToObject(rec, "recipient");
		const cJSON *hashed = cJSON_GetObjectItemCaseSensitive(recipient, "hashed");
		if (!cJSON_IsTrue(hashed))
			add_str(o, "identity", json_str(recipient, "identity"));
		add_str(o, "type", json_str(recipient, "type"));
	}
	add_str(rec, "issued", json_str(a, "issuedOn"));
	add_str(rec, "validFrom", json_str(a, "issuedOn"));
	add_str(rec, "validUntil", json_str(a, "expires"));
	if (eqf > 0)
		cJSON_AddNumberToObject(rec, "eqfLevel", eqf);
	add_evidence(rec, cJSON_GetObjectItemCaseSensitive(a, "evidence"));
	add_str(rec, "credentialId", json_str(a, "id"));
	verification = json_obj(a, "verification");
	if (verification != NULL &&
	    (json_has_string(cJSON_GetObjectItemCaseSensitive(verification, "type"), "hosted") ||
	     json_has_string(cJSON_GetObjectItemCaseSensitive(verification, "type"), "HostedBadge")))
		cJSON_AddTrueToObject(rec, "hosted");
	if (cJSON_GetArraySize(offline) > 0)
		cJSON_AddItemToObject(rec, "offline", offline);
	else
		cJSON_Delete(offline);
	cJSON_AddNumberToObject(rec, "subjects", 1);
	return CAIRN_OK;
}

enum cairn_err
credential_record(const cJSON *cred, const cJSON *jwt, cJSON **record,
                  struct cairn_error *err)
{
	cJSON *rec;
	enum cairn_err rc;

	*record = NULL;
	if (!cJSON_IsObject(cred))
		return cairn_error_set(err, CAIRN_ERR_USAGE,
		                       _("a credential must be a JSON object"));
	rec = cJSON_CreateObject();
	if (rec == NULL)
		return cairn_error_set(err, CAIRN_ERR_IO, _("out of memory"));
	cJSON_AddStringToObject(rec, "encoding", jwt != NULL ? "jwt" : "json");
	if (credential_is_ob2(cred))
		rc = record_ob2(cred, rec, err);
	else if (credential_has_type(cred, "VerifiableCredential") || jwt != NULL)
		rc = record_vc(cred, jwt, rec, err);
	else
		rc = cairn_error_set(err, CAIRN_ERR_USAGE,
		                     _("not a credential: no VerifiableCredential type and not an Open Badges 2.0 assertion"));
	if (rc != CAIRN_OK) {
		cJSON_Delete(rec);
		return rc;
	}
	if (cJSON_GetObjectItemCaseSensitive(rec, "title") == NULL) {
		const char *t = NULL;
		const cJSON *types = cJSON_GetObjectItemCaseSensitive(rec, "types"), *e;
		cJSON_ArrayForEach(e, types)
			t = e->valuestring; /* the most specific type comes last */
		cJSON_AddStringToObject(rec, "title", t != NULL ? t : _("(untitled credential)"));
	}
	*record = rec;
	return CAIRN_OK;
}
