package org.chorus.semantic;

import java.util.Map;

/**
 * What each of the Hub's pipeline tags means, in a sentence paraphrasing the Hub's own task pages: a card's task said
 * in words a person searching by capability would use. A terse card ("xlm-roberta-base fine-tuned on yelp") or the
 * Trainer's generated one names its capability only through its task tag, and "token-classification" alone tells the
 * embedding model little (docs/discovery.md, "Quality"). Tags not listed are embedded as their words. No gloss shares
 * four consecutive words with an evaluation query (the rule the evaluation set's cards follow, EvalSetTest).
 */
final class TaskGloss {
    private static final Map<String, String> GLOSS = Map.ofEntries(
            Map.entry("text-classification", "text classification: assigns a label or class to a text, such as its sentiment, topic or whether it is spam"),
            Map.entry("token-classification", "token classification: labels words in a text, such as named entities (people, places, organisations) or parts of speech"),
            Map.entry("question-answering", "question answering: finds the answer to a question in a given text"),
            Map.entry("table-question-answering", "table question answering: answers a question about the information in a table"),
            Map.entry("zero-shot-classification", "zero-shot classification: classifies a text into candidate labels it was not trained on"),
            Map.entry("translation", "translation: rewrites a text in another language"),
            Map.entry("summarization", "summarization: writes a shorter version of a document that keeps its important information"),
            Map.entry("text-generation", "text generation: continues a prompt, chats, or writes text and code"),
            Map.entry("text2text-generation", "text-to-text generation: turns an input text into an output text"),
            Map.entry("fill-mask", "fill-mask: predicts the words missing from a sentence"),
            Map.entry("sentence-similarity", "sentence similarity: tells how alike two texts are; sentence embeddings for semantic search and clustering"),
            Map.entry("feature-extraction", "feature extraction: turns inputs into vectors (embeddings)"),
            Map.entry("text-to-image", "text-to-image: generates images from a text description"),
            Map.entry("image-to-text", "image-to-text: outputs text from an image, such as a caption or the text written in it"),
            Map.entry("image-text-to-text", "image-text-to-text: answers or writes text about an image and a prompt"),
            Map.entry("visual-question-answering", "visual question answering: answers questions about an image"),
            Map.entry("document-question-answering", "document question answering: answers questions about a document image"),
            Map.entry("image-classification", "image classification: assigns a label or class to a whole image"),
            Map.entry("zero-shot-image-classification", "zero-shot image classification: classifies an image into candidate labels it was not trained on"),
            Map.entry("object-detection", "object detection: finds and locates objects in images with bounding boxes"),
            Map.entry("image-segmentation", "image segmentation: divides an image into segments, mapping each pixel to an object or region"),
            Map.entry("depth-estimation", "depth estimation: predicts how far each pixel of an image is from the camera"),
            Map.entry("image-to-image", "image-to-image: transforms an image into another, such as enhancing or restyling it"),
            Map.entry("video-classification", "video classification: assigns a label or class to a video"),
            Map.entry("automatic-speech-recognition", "automatic speech recognition: transcribes spoken audio into text"),
            Map.entry("text-to-speech", "text-to-speech: generates natural-sounding speech from text"),
            Map.entry("audio-classification", "audio classification: assigns a label or class to audio, such as a sound event, speaker or language"),
            Map.entry("audio-to-audio", "audio-to-audio: transforms audio, such as separating or enhancing speech"),
            Map.entry("tabular-classification", "tabular classification: predicts a category from the columns of a table row"),
            Map.entry("tabular-regression", "tabular regression: predicts a number from the columns of a table row"),
            Map.entry("time-series-forecasting", "time series forecasting: predicts the future values of a time series from its past"),
            Map.entry("reinforcement-learning", "reinforcement learning: a policy acting in an environment, trained by trial and error to maximise its reward"));

    private TaskGloss() {}

    /** The task in words: its gloss, or the tag's own words. */
    static String of(String task) {
        return GLOSS.getOrDefault(task, task.replace('-', ' '));
    }
}
