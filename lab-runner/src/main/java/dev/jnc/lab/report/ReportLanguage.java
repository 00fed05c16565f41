package dev.jnc.lab.report;

import java.util.Locale;

/** The languages the HTML report is written in ({@code --lang}). */
public enum ReportLanguage {
  EN("en"),
  ZH("zh");

  private final String tag;

  ReportLanguage(String tag) {
    this.tag = tag;
  }

  /** The HTML {@code lang} attribute. */
  public String tag() {
    return tag;
  }

  /** Chinese for a Chinese locale, English otherwise. */
  public static ReportLanguage forLocale(Locale locale) {
    return locale.getLanguage().equals("zh") ? ZH : EN;
  }
}
