//! `--filters` as the aws cli reads it: shorthand (`name=JOB_NAME,values=train*`, one filter
//! per argument, `values=a,b` or `values=[a,b]` for several values) or JSON
//! (`[{"name":"JOB_NAME","values":["train*"]}]`).

use batchlist::KeyValuesPair;
use serde::Deserialize;

/// A filter as typed on the command line; unknown keys are usage errors, as in the aws cli.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CliFilter {
    name: Option<String>,
    values: Option<Vec<String>>,
}

impl From<CliFilter> for KeyValuesPair {
    fn from(f: CliFilter) -> Self {
        KeyValuesPair {
            name: f.name,
            values: f.values,
        }
    }
}

/// Reads every `--filters` argument into the request's filter list, in order.
pub fn parse_filters(args: &[String]) -> Result<Vec<KeyValuesPair>, String> {
    let mut filters = Vec::new();
    for arg in args {
        let trimmed = arg.trim_start();
        if trimmed.starts_with('[') {
            let list: Vec<CliFilter> = serde_json::from_str(arg).map_err(|e| e.to_string())?;
            filters.extend(list.into_iter().map(KeyValuesPair::from));
        } else if trimmed.starts_with('{') {
            let one: CliFilter = serde_json::from_str(arg).map_err(|e| e.to_string())?;
            filters.push(one.into());
        } else {
            filters.push(parse_shorthand(arg)?);
        }
    }
    Ok(filters)
}

/// Splits at commas outside quotes and brackets.
fn split_top_level(text: &str) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    let mut depth = 0usize;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                current.push(c);
            }
            (None, '[') => {
                depth += 1;
                current.push(c);
            }
            (None, ']') => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("unbalanced ']' in {text:?}"))?;
                current.push(c);
            }
            (None, ',') if depth == 0 => parts.push(std::mem::take(&mut current)),
            (None, c) => current.push(c),
        }
    }
    if quote.is_some() || depth != 0 {
        return Err(format!("unclosed quote or bracket in {text:?}"));
    }
    parts.push(current);
    Ok(parts)
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    for q in ['\'', '"'] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    v.to_owned()
}

/// One shorthand filter: `name=JOB_NAME,values=train*`. A segment without `key=` continues
/// the previous key's list, as `values=a,b` does in the aws cli.
fn parse_shorthand(arg: &str) -> Result<KeyValuesPair, String> {
    let mut pair = KeyValuesPair::default();
    let mut last_key: Option<&str> = None;
    for segment in split_top_level(arg)? {
        let key_value = segment.split_once('=').filter(|(key, _)| {
            let key = key.trim();
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        match key_value {
            Some((key, value)) => match key.trim() {
                "name" => {
                    pair.name = Some(unquote(value));
                    last_key = Some("name");
                }
                "values" => {
                    let value = value.trim();
                    let values = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                        Some("") => Vec::new(),
                        Some(inner) => split_top_level(inner)?.iter().map(|v| unquote(v)).collect(),
                        None => vec![unquote(value)],
                    };
                    pair.values = Some(values);
                    last_key = Some("values");
                }
                other => {
                    return Err(format!(
                        "Unknown key '{other}' in {arg:?}: valid keys are name and values"
                    ));
                }
            },
            None => match (last_key, pair.values.as_mut()) {
                (Some("values"), Some(values)) => values.push(unquote(&segment)),
                _ => {
                    return Err(format!(
                        "Expected key=value in {arg:?}, for example name=JOB_NAME,values=train*"
                    ));
                }
            },
        }
    }
    Ok(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(arg: &str) -> KeyValuesPair {
        let mut filters = parse_filters(&[arg.to_owned()]).unwrap();
        assert_eq!(filters.len(), 1);
        filters.remove(0)
    }

    #[test]
    fn shorthand_and_json_give_the_same_filter() {
        let expected = KeyValuesPair::new("JOB_NAME", "train*");
        assert_eq!(one("name=JOB_NAME,values=train*"), expected);
        assert_eq!(
            one(r#"[{"name":"JOB_NAME","values":["train*"]}]"#),
            expected
        );
        assert_eq!(one(r#"{"name":"JOB_NAME","values":["train*"]}"#), expected);
        assert_eq!(one("name='JOB_NAME',values=[train*]"), expected);
    }

    #[test]
    fn several_values_are_kept_for_the_engine_to_judge() {
        let f = one("name=JOB_NAME,values=a,b");
        assert_eq!(f.values, Some(vec!["a".to_owned(), "b".to_owned()]));
        let f = one("name=JOB_NAME,values=[a,'b,c']");
        assert_eq!(f.values, Some(vec!["a".to_owned(), "b,c".to_owned()]));
    }

    #[test]
    fn several_arguments_are_several_filters() {
        let args = ["name=A,values=x".to_owned(), "name=B,values=y".to_owned()];
        assert_eq!(parse_filters(&args).unwrap().len(), 2);
    }

    #[test]
    fn bad_shorthand_is_a_usage_error() {
        assert!(
            parse_filters(&["nme=JOB_NAME".to_owned()])
                .unwrap_err()
                .contains("Unknown key 'nme'")
        );
        assert!(parse_filters(&["JOB_NAME".to_owned()]).is_err());
        assert!(parse_filters(&["[{\"name\": 1}]".to_owned()]).is_err());
        assert!(parse_filters(&["name=[x".to_owned()]).is_err());
    }
}
